package io.ferspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ferspark.metrics.Coverage;
import io.ferspark.metrics.Evaluation;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import picocli.CommandLine;

class EvaluateJobTest {

  static final int ANGRY = 0;
  static final int FEAR = 2;
  static final int HAPPY = 3;
  static final int NEUTRAL = 4;
  static final int SAD = 5;

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.local("EvaluateJobTest");
  }

  static EvaluateJob options(String... args) {
    EvaluateJob job = new EvaluateJob();
    new CommandLine(job).parseArgs(args);
    return job;
  }

  /**
   * The "mixed" case of ConfusionMatrixTest as a labeled bucket (folder names with a space and
   * non-ASCII letters), predictions written with three different path forms, plus one image without
   * prediction, one failed file, two predictions without ground truth and one superseded duplicate.
   */
  static String[] labeledBucket(SparkSession spark, Path root) throws Exception {
    Path bucket = root.resolve("faces bucket é");
    PredictionFixture predictions = new PredictionFixture();
    for (int i = 1; i <= 4; i++) { // Hadoop form file:/...
      Path image = PredictionFixture.jpeg(bucket.resolve("angry/a" + i + ".jpg"));
      predictions.ok("file:" + image, i < 4 ? ANGRY : FEAR, i < 4 ? 0.9 : 0.6, i < 4 ? HAPPY : ANGRY);
    }
    predictions.ok("file:" + bucket.resolve("angry/a1.jpg"), SAD, 0.8, ANGRY, PredictionFixture.LABELED_AT.minusSeconds(3600));
    for (int i = 1; i <= 2; i++) { // URI form file:///... with %20 and %C3%A9
      Path image = PredictionFixture.jpeg(bucket.resolve("fear/f" + i + ".jpg"));
      predictions.ok(image.toUri().toString(), i == 1 ? FEAR : SAD, 0.55, FEAR);
    }
    for (int i = 1; i <= 3; i++) {
      Path image = PredictionFixture.jpeg(bucket.resolve("happy/h" + i + ".jpg"));
      predictions.ok(image.toUri().toString(), HAPPY, 0.97, SAD);
    }
    predictions.error(PredictionFixture.jpeg(bucket.resolve("happy/h4.jpg")).toUri().toString(), "decode: truncated JPEG");
    // plain path; truth neutral, predicted happy, neutral not in the top 2
    predictions.ok(PredictionFixture.jpeg(bucket.resolve("neutral/n1.jpg")).toString(), HAPPY, 0.7, SAD);
    PredictionFixture.jpeg(bucket.resolve("sad/never-labeled.jpg"));
    Files.writeString(bucket.resolve("README.txt"), "not an image");
    predictions.ok("file:" + root.resolve("elsewhere/x.jpg"), HAPPY, 0.8, SAD);
    predictions.error("file:" + root.resolve("elsewhere/broken.png"), "decode: not an image");
    return new String[] {predictions.write(spark, root.resolve("predictions")), bucket.toString()};
  }

  @Test
  void evaluatesAFolderBucketWithMixedPathForms(@TempDir Path tmp) throws Exception {
    String[] inputs = labeledBucket(spark, tmp);
    Path out = tmp.resolve("metrics");
    Evaluation e = EvaluateJob.run(spark, options("--predictions", inputs[0], "--ground-truth", inputs[1],
        "--output", out.toString()));

    assertEquals(new Coverage(14, 2, 1, 12, 10, 1, 1, 2), e.coverage());
    assertEquals(10, e.count());
    assertEquals(0.7, e.accuracy(), 1e-12);
    assertEquals(0.9, e.top2Accuracy(), 1e-12);
    assertEquals((6.0 / 7 + 0.5 + 6.0 / 7) / 5, e.confusion().macroF1(), 1e-12);
    assertEquals((0.7 - 0.28) / 0.72, e.confusion().cohensKappa(), 1e-12);
    assertEquals(List.of("fixture-model@0123456789ab"), e.models());
    assertEquals(1, e.confusion().count(NEUTRAL, HAPPY));
    assertEquals(0, e.confusion().support(SAD), "the unlabeled sad image is reported, not evaluated");

    JsonObject json = JsonParser.parseString(Files.readString(out.resolve("metrics.json"))).getAsJsonObject();
    assertEquals(0.7, json.get("accuracy").getAsDouble(), 1e-12);
    assertEquals(10, json.get("count").getAsLong());
    assertEquals(e.confusion().macroF1(), json.get("macro_f1").getAsDouble(), 1e-12);
    assertEquals(3, json.getAsJsonArray("confusion").get(ANGRY).getAsJsonArray().get(ANGRY).getAsLong());
    assertEquals(4, json.getAsJsonObject("per_class").getAsJsonObject("angry").get("support").getAsLong());
    assertEquals(1, json.getAsJsonObject("coverage").get("missing_predictions").getAsLong());

    Map<String, Row> perClass = spark.read().parquet(out.resolve("per_class").toString()).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r));
    assertEquals(0.75, perClass.get("happy").<Double>getAs("precision"), 1e-12);
    assertEquals(0L, perClass.get("disgust").<Long>getAs("support"));
    Row summary = spark.read().parquet(out.resolve("summary").toString()).first();
    assertEquals(0.7, summary.<Double>getAs("accuracy"), 1e-12);
    assertEquals(2L, summary.<Long>getAs("without_ground_truth"));
    assertEquals(49, spark.read().parquet(out.resolve("confusion").toString()).count());
    assertEquals(1L, spark.read().parquet(out.resolve("confusion").toString())
        .filter("truth = 'fear' AND predicted = 'sad'").first().<Long>getAs("count"));

    List<Row> errors = spark.read().parquet(out.resolve("errors").toString()).orderBy("truth").collectAsList();
    assertEquals(3, errors.size());
    assertEquals(List.of("angry", "fear", "neutral"), errors.stream().map(r -> r.<String>getAs("truth")).toList());
    assertTrue(errors.get(0).<String>getAs("path").endsWith("angry/a4.jpg"));
    assertEquals("fear", errors.get(0).<String>getAs("prediction"));
    assertEquals(0.6f, errors.get(0).<Float>getAs("confidence"), 1e-6);

    Map<String, List<String>> unmatched = spark.read().parquet(out.resolve("unmatched").toString()).collectAsList().stream()
        .collect(Collectors.groupingBy(r -> r.<String>getAs("reason"),
            Collectors.mapping(r -> r.<String>getAs("path").replaceAll(".*/", ""), Collectors.toList())));
    assertEquals(List.of("h4.jpg"), unmatched.get("failed"));
    assertEquals(List.of("never-labeled.jpg"), unmatched.get("missing_prediction"));
    assertEquals(2, unmatched.get("without_ground_truth").size());

    Document report = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new InputSource(new StringReader(Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8))));
    NodeList groups = report.getElementsByTagName("g");
    int cells = 0;
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      if (g.getAttribute("class").equals("cell")) {
        cells++;
        int t = io.ferspark.labels.Labels.indexOf(g.getAttribute("data-truth"));
        int p = io.ferspark.labels.Labels.indexOf(g.getAttribute("data-predicted"));
        assertEquals(Long.toString(e.confusion().count(t, p)), g.getElementsByTagName("text").item(0).getTextContent());
      }
    }
    assertEquals(49, cells);
  }

  @Test
  void readsCsvManifestWithRelativePathsAndParquetManifestWithIndices(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("manifest dir");
    Files.createDirectories(dir);
    String predictions = new PredictionFixture()
        .ok("file:" + dir.resolve("happy/x.jpg"), HAPPY, 0.9, SAD)
        .ok(dir.resolve("sad/y.jpg").toUri().toString(), SAD, 0.8, FEAR)
        .ok("file:/elsewhere/z.jpg", HAPPY, 0.7, SAD)
        .ok("s3a://faces/val/fear/1.jpg", SAD, 0.6, FEAR)
        .ok("s3a://faces/val/happy/2.jpg", HAPPY, 0.6, FEAR)
        .write(spark, tmp.resolve("predictions"));
    // names in any case, FER2013 code 4 (= sad), relative and absolute paths
    Files.writeString(dir.resolve("manifest.csv"),
        "Path,Label\nhappy/x.jpg,HAPPY\n./sad/y.jpg,4\nfile:///elsewhere/z.jpg,neutral\n");
    Evaluation csv = EvaluateJob.run(spark, options("--predictions", predictions, "--ground-truth",
        dir.resolve("manifest.csv").toString(), "--label-index-order", "fer2013", "--output", tmp.resolve("m1").toString()));
    assertEquals(3, csv.count());
    assertEquals(2.0 / 3, csv.accuracy(), 1e-12);
    assertEquals(1, csv.confusion().count(NEUTRAL, HAPPY));
    assertEquals(2, csv.coverage().withoutGroundTruth());

    StructType schema = new StructType().add("path", DataTypes.StringType).add("label", DataTypes.IntegerType);
    spark.createDataFrame(List.of(RowFactory.create("s3://faces/val/fear/1.jpg", FEAR),
            RowFactory.create("s3a://faces//val/happy/2.jpg", HAPPY), RowFactory.create("s3://faces/val/sad/3.jpg", SAD)),
        schema).write().parquet(tmp.resolve("truth.parquet").toString());
    Evaluation parquet = EvaluateJob.run(spark, options("--predictions", predictions, "--ground-truth",
        tmp.resolve("truth.parquet").toString(), "--output", tmp.resolve("m2").toString()));
    assertEquals(2, parquet.count());
    assertEquals(1, parquet.confusion().count(FEAR, SAD));
    assertEquals(1, parquet.coverage().missingPredictions());
    assertEquals(3, parquet.coverage().withoutGroundTruth());
  }

  @Test
  void allRightAndAllWrongTables(@TempDir Path tmp) throws Exception {
    // s3a:// predictions against a manifest of s3:// URIs (with a byte-order mark and CRLF line ends)
    Files.writeString(tmp.resolve("truth.csv"), "\uFEFFpath,label\r\ns3://faces/a.jpg,angry\r\ns3://faces/b.jpg,happy\r\n"
        + "s3://faces/c.jpg,happy\r\ns3://faces/d.jpg,surprise\r\n");
    String right = new PredictionFixture().ok("s3a://faces/a.jpg", ANGRY, 0.9, SAD).ok("s3a://faces/b.jpg", HAPPY, 0.8, SAD)
        .ok("s3a://faces/c.jpg", HAPPY, 0.7, SAD).ok("s3a://faces/d.jpg", 6, 0.6, FEAR).write(spark, tmp.resolve("right"));
    Evaluation allRight = EvaluateJob.run(spark, options("--predictions", right, "--ground-truth",
        tmp.resolve("truth.csv").toString(), "--output", tmp.resolve("m-right").toString()));
    assertEquals(4, allRight.count());
    assertEquals(1.0, allRight.accuracy());
    assertEquals(1.0, allRight.confusion().macroF1(), 1e-12);
    assertEquals(1.0, allRight.confusion().cohensKappa(), 1e-12);
    assertEquals(0, spark.read().parquet(tmp.resolve("m-right/errors").toString()).count());

    String wrong = new PredictionFixture().ok("s3a://faces/a.jpg", HAPPY, 0.9, SAD).ok("s3a://faces/b.jpg", ANGRY, 0.8, HAPPY)
        .ok("s3a://faces/c.jpg", SAD, 0.7, FEAR).ok("s3a://faces/d.jpg", FEAR, 0.6, 6).write(spark, tmp.resolve("wrong"));
    Evaluation allWrong = EvaluateJob.run(spark, options("--predictions", wrong, "--ground-truth",
        tmp.resolve("truth.csv").toString(), "--output", tmp.resolve("m-wrong").toString()));
    assertEquals(0.0, allWrong.accuracy());
    assertEquals(0.0, allWrong.confusion().macroF1());
    assertEquals(0.5, allWrong.top2Accuracy(), 1e-12, "b (happy runner-up) and d (surprise runner-up)");
    assertTrue(allWrong.confusion().cohensKappa() < 0);
    assertEquals(4, spark.read().parquet(tmp.resolve("m-wrong/errors").toString()).count());
    JsonObject json = JsonParser.parseString(Files.readString(tmp.resolve("m-wrong/metrics.json"))).getAsJsonObject();
    assertEquals(0.0, json.get("accuracy").getAsDouble());
    assertEquals(0.0, json.getAsJsonObject("per_class").getAsJsonObject("happy").get("recall").getAsDouble());
  }

  @Test
  void operatorErrorsSayWhatToDo(@TempDir Path tmp) throws Exception {
    String predictions = new PredictionFixture().ok("file:" + tmp.resolve("b/happy/x.jpg"), HAPPY, 0.9, SAD)
        .write(spark, tmp.resolve("predictions"));
    Files.writeString(tmp.resolve("bad.csv"), "path,label\nhappy/x.jpg,joy\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EvaluateJob.run(spark,
        options("--predictions", predictions, "--ground-truth", tmp.resolve("bad.csv").toString(), "--output", tmp.resolve("o").toString())));
    assertTrue(e.getMessage().contains("'joy'") && e.getMessage().contains("[angry, disgust, fear, happy, neutral, sad, surprise]"),
        e.getMessage());

    PredictionFixture.jpeg(tmp.resolve("b/happy/x.jpg"));
    PredictionFixture.jpeg(tmp.resolve("b/misc/y.jpg"));
    e = assertThrows(IllegalArgumentException.class, () -> EvaluateJob.run(spark,
        options("--predictions", predictions, "--ground-truth", tmp.resolve("b").toString(), "--output", tmp.resolve("o").toString())));
    assertTrue(e.getMessage().contains("'misc'") && e.getMessage().contains("valid labels are"), e.getMessage());

    Files.writeString(tmp.resolve("other.csv"), "path,label\n/nowhere/a.jpg,happy\n");
    e = assertThrows(IllegalArgumentException.class, () -> EvaluateJob.run(spark,
        options("--predictions", predictions, "--ground-truth", tmp.resolve("other.csv").toString(), "--output", tmp.resolve("o").toString())));
    assertTrue(e.getMessage().contains("No image has both ground truth and an ok prediction"), e.getMessage());

    Files.createDirectories(tmp.resolve("taken"));
    Files.writeString(tmp.resolve("taken/file"), "x");
    e = assertThrows(IllegalArgumentException.class, () -> EvaluateJob.run(spark,
        options("--predictions", predictions, "--ground-truth", tmp.resolve("b").toString(), "--output", tmp.resolve("taken").toString())));
    assertTrue(e.getMessage().contains("--mode overwrite"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> EvaluateJob.run(spark,
        options("--predictions", tmp.resolve("none").toString(), "--ground-truth", tmp.resolve("b").toString(), "--output", tmp.resolve("o").toString())));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());

    // Output of a job that died before its commit (no _SUCCESS) is refused, not evaluated.
    Path partial = tmp.resolve("partial predictions");
    spark.read().parquet(predictions).write().parquet(partial.toString());
    Files.delete(partial.resolve("_SUCCESS"));
    e = assertThrows(IllegalArgumentException.class, () -> EvaluateJob.run(spark,
        options("--predictions", partial.toString(), "--ground-truth", tmp.resolve("b").toString(), "--output", tmp.resolve("o").toString())));
    assertTrue(e.getMessage().contains("_SUCCESS") && e.getMessage().contains("run that job again"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> EvaluateJob.run(spark,
        options("--predictions", "s3://fer-results/labels", "--ground-truth", tmp.resolve("b").toString(), "--output", tmp.resolve("o").toString())));
    assertTrue(e.getMessage().contains("--predictions") && e.getMessage().contains("use s3a://fer-results/labels"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> EvaluateJob.run(spark,
        options("--predictions", predictions, "--ground-truth", tmp.resolve("b").toString(), "--output", "s3a://AKIAEXAMPLE:hunter2secret@fer-results/m")));
    assertTrue(e.getMessage().contains("--output") && !e.getMessage().contains("hunter2secret"), e.getMessage());
  }
}
