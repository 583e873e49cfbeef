package io.ferspark.groundtruth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LabelIndexOrderTest {

  @Test
  void namesAndIndices() {
    assertEquals(3, LabelIndexOrder.LABELS.parse("happy"));
    assertEquals(3, LabelIndexOrder.LABELS.parse(" HAPPY "));
    assertEquals(4, LabelIndexOrder.LABELS.parse("4"));
    assertEquals(5, LabelIndexOrder.FER2013.parse("4"), "FER2013 code 4 is sad");
    assertEquals(4, LabelIndexOrder.FER2013.parse("6"), "FER2013 code 6 is neutral");
    assertEquals(4, LabelIndexOrder.FER2013.parse("neutral"));
  }

  @Test
  void unknownLabelsListTheValidOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelIndexOrder.LABELS.parse("joy"));
    assertTrue(e.getMessage().contains("joy") && e.getMessage().contains("[angry, disgust, fear, happy, neutral, sad, surprise]"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> LabelIndexOrder.FER2013.parse("7"));
    assertTrue(e.getMessage().contains("4=sad"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LabelIndexOrder.LABELS.parse(""));
    assertThrows(IllegalArgumentException.class, () -> LabelIndexOrder.LABELS.parse(null));
  }
}
