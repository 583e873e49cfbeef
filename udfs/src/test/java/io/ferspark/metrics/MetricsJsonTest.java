package io.ferspark.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsJsonTest {

  @Test
  void writesHeadlineScoresPerClassAndConfusion() {
    JsonObject json = JsonParser.parseString(MetricsJson.toJson(EvaluationTallyTest.sample())).getAsJsonObject();
    assertEquals(6, json.get("count").getAsLong());
    assertEquals(4.0 / 6, json.get("accuracy").getAsDouble(), 1e-12);
    assertEquals(5.0 / 6, json.get("top2_accuracy").getAsDouble(), 1e-12);
    assertTrue(json.has("macro_f1") && json.has("weighted_f1") && json.has("cohen_kappa") && json.has("ece"));

    JsonObject happy = json.getAsJsonObject("per_class").getAsJsonObject("happy");
    assertEquals(0.75, happy.get("precision").getAsDouble(), 1e-12);
    assertEquals(1.0, happy.get("recall").getAsDouble(), 1e-12);
    assertEquals(3, happy.get("support").getAsLong());
    assertEquals(7, json.getAsJsonObject("per_class").size());

    JsonArray confusion = json.getAsJsonArray("confusion");
    assertEquals(7, confusion.size());
    assertEquals(1, confusion.get(4).getAsJsonArray().get(3).getAsLong(), "neutral predicted as happy");
    assertEquals(3, confusion.get(3).getAsJsonArray().get(3).getAsLong());
    JsonArray fearRow = json.getAsJsonArray("confusion_row_normalized").get(2).getAsJsonArray();
    assertEquals(0.0, fearRow.get(2).getAsDouble(), "fear: none right");
    assertEquals(1.0, fearRow.get(5).getAsDouble(), "fear: all predicted as sad");

    JsonObject coverage = json.getAsJsonObject("coverage");
    assertEquals(1, coverage.get("missing_predictions").getAsLong());
    assertEquals(1, coverage.get("failed").getAsLong());
    assertEquals(1, coverage.get("without_ground_truth").getAsLong());
    assertEquals("test-model@abc123", json.getAsJsonArray("models").get(0).getAsString());
    assertEquals("fear", json.getAsJsonArray("most_confused").get(0).getAsJsonObject().get("truth").getAsString());
  }

  @Test
  void undefinedScoresAreNull() {
    Evaluation empty = new EvaluationTally(15).toEvaluation(new Coverage(0, 0, 0, 0, 0, 0, 0, 0), List.of(), "p", "g", "t");
    JsonObject json = JsonParser.parseString(MetricsJson.toJson(empty)).getAsJsonObject();
    assertEquals(0, json.get("count").getAsLong());
    assertTrue(json.get("accuracy").isJsonNull());
    assertTrue(json.get("cohen_kappa").isJsonNull());
    assertTrue(json.getAsJsonObject("calibration").getAsJsonArray("reliability").get(0).getAsJsonObject()
        .get("accuracy").isJsonNull());
  }
}
