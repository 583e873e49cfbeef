package io.ferspark.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferspark.image.ImageDecoder;
import io.ferspark.image.Preprocessing;
import io.ferspark.image.TestTimeAugmentation;
import io.ferspark.model.MobileNetV1;
import io.ferspark.testing.TestData;
import io.ferspark.testing.TestImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpressionPredictorTest {

  @Test
  void largestActivationOfThePapersNetworkIsItsFirstPointwiseOutput() {
    // 224x224: the stride-2 stem gives 112x112; block 1 widens 32 to 64 channels at that size.
    assertEquals(112L * 112 * 64, MobileNetV1.Architecture.STANDARD.largestActivation(224));
    // The shipped shape at 48x48: stem stride 1 keeps 48x48 for block 1's 32 channels.
    assertEquals(48L * 48 * 32, new MobileNetV1.Architecture(0.5f, 1, 2, 0f).largestActivation(48));
  }

  @Test
  void aBatchLargerThanOnePassIsSplitAndGivesThePerFacePredictions() throws Exception {
    // The shipped model (trained, so faces get different answers): width 0.75 (block 1: 48 channels),
    // stem stride 1 and flip averaging give 2 x 48 x 48 x 48 floats per face, 864 KiB, so a pass holds 18 faces.
    Path dir = TestData.projectDir().resolve("models/fer-mobilenet-v1");
    ExpressionModel model = ModelHolder.acquire(dir);
    assertEquals(TestTimeAugmentation.FLIP, model.tta());
    assertEquals(ExpressionModel.PASS_ACTIVATION_BYTES / (2 * 48 * 48 * 48 * 4), model.facesPerPass());

    ImageDecoder decoder = new ImageDecoder();
    List<float[]> faces = new ArrayList<>();
    for (int i = 0; i < 2 * model.facesPerPass() + 5; i++) {
      faces.add(Preprocessing.toModelInput(decoder.decode(TestImages.encode(TestImages.face(i % 7, 48, i), "png"))));
    }
    try (ExpressionPredictor predictor = model.newPredictor()) {
      List<Prediction> batched = predictor.predict(faces);
      assertEquals(faces.size(), batched.size());
      boolean differ = false;
      for (int i = 0; i < faces.size(); i++) {
        float[] alone = predictor.predict(List.of(faces.get(i))).get(0).probabilities();
        assertArrayEquals(alone, batched.get(i).probabilities(), 1e-5f, "face " + i);
        differ |= !java.util.Arrays.equals(alone, batched.get(0).probabilities());
      }
      assertTrue(differ, "faces must not all get the same prediction, or the order check proves nothing");
    }
  }
}
