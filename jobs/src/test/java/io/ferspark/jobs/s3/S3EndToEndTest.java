package io.ferspark.jobs.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferspark.image.ImageDecodeException;
import io.ferspark.inference.PredictionSchema;
import io.ferspark.jobs.EvaluateJob;
import io.ferspark.jobs.LabelJob;
import io.ferspark.jobs.LabelResult;
import io.ferspark.jobs.SqlJob;
import io.ferspark.jobs.TestSpark;
import io.ferspark.labels.Labels;
import io.ferspark.metrics.Evaluation;
import io.ferspark.testing.TestData;
import io.ferspark.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The whole pipeline on a bucket: label (s3a:// images to s3a:// Parquet), evaluate (s3a:// predictions
 * and ground truth to s3a:// metrics) and sql (over both), against the real s3proxy server, gives
 * exactly what the same jobs give on the same files from local disk. The images are the project's
 * samples/faces, generated faces, two broken files and, when FER2013 is present, part of its val split.
 */
@ExtendWith(S3ProxyExtension.class)
class S3EndToEndTest {

  private static final String ROOT = "e2e-images";
  private static final int GENERATED_PER_CLASS = 8;
  private static final int FER2013_PER_CLASS = 28;
  /** Per file, keyed by the path below the image root. */
  private static final String PER_FILE = "SELECT regexp_extract(path, '/" + ROOT + "/(.*)$', 1) AS file, status, label,"
      + " label_index, confidence, probabilities, substring_index(error, ': ', 1) AS reason FROM predictions ORDER BY file";
  private static final String QUERIES = PER_FILE + ";\n"
      + "SELECT label, count(*) AS images, round(avg(confidence), 6) AS mean_confidence FROM predictions"
      + " WHERE status = 'ok' GROUP BY label ORDER BY label;\n"
      + "SELECT p.label, p.support, p.correct, p.f1, s.accuracy, s.evaluated FROM per_class p CROSS JOIN summary s"
      + " ORDER BY p.label_index;\n"
      + "SELECT truth, predicted, count FROM confusion WHERE count > 0 ORDER BY truth, predicted";
  /** Columns of the summary table that name where the inputs were and when it ran, so differ by design. */
  private static final List<String> SOURCES = List.of("predictions_source", "ground_truth_source", "evaluated_at");

  @TempDir
  static Path tmp;
  private static S3ProxyServer server;
  private static SparkSession spark;
  private static Path model;
  private static Path localImages;
  private static String bucket;
  private static int imageCount;
  private static Run onS3;
  private static Run onDisk;

  /** One pipeline run: where its outputs are and what each job returned. */
  private record Run(String predictions, String metrics, LabelResult label, Evaluation evaluation,
      List<SqlJob.StatementResult> sql, String sqlOutput) {}

  @BeforeAll
  static void runPipelineOnBothStores(S3ProxyServer s3) throws Exception {
    server = s3;
    localImages = tmp.resolve(ROOT);
    imageCount = writeImages(localImages);
    bucket = S3ATestConf.bucket("end-to-end");
    server.createBucket(bucket);
    assertEquals(imageCount, server.putTree(bucket, ROOT, localImages));
    spark = TestSpark.local("s3-end-to-end");
    S3ATestConf.apply(spark, server);
    model = TestData.initializedModel(tmp.resolve("model"), TestData.TINY, 1213);

    onS3 = pipeline("s3a://" + bucket + "/" + ROOT, "s3a://" + bucket + "/results");
    onDisk = pipeline(localImages.toUri().toString(), tmp.resolve("results").toUri().toString());
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static Run pipeline(String images, String results) throws Exception {
    String predictions = results + "/labels";
    String metrics = results + "/metrics";
    LabelResult label = LabelJob.run(spark, parse(new LabelJob(),
        "--input", images, "--output", predictions, "--model", model.toString(), "--batch-size", "16"));
    Evaluation evaluation = EvaluateJob.run(spark, parse(new EvaluateJob(),
        "--predictions", predictions, "--ground-truth", images, "--output", metrics));
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    List<SqlJob.StatementResult> sql;
    try (PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8)) {
      sql = SqlJob.run(spark, parse(new SqlJob(),
          "--predictions", predictions, "--metrics", metrics, "--format", "csv", "-e", QUERIES), out);
    }
    return new Run(predictions, metrics, label, evaluation, sql, text.toString(StandardCharsets.UTF_8));
  }

  private static <T> T parse(T options, String... args) {
    new CommandLine(options).parseArgs(args);
    return options;
  }

  @Test
  void labelsEveryFileFromTheBucketIntoTheBucket() {
    assertTrue(imageCount >= 7 * GENERATED_PER_CLASS + 35 + 2, "images: " + imageCount);
    assertEquals(imageCount, onS3.label().filesRead());
    assertEquals(2, onS3.label().failed(), onS3.label().summary());
    assertEquals(onDisk.label().labeled(), onS3.label().labeled());
    assertEquals(onDisk.label().failedByReason(), onS3.label().failedByReason());

    List<Row> rows = spark.read().parquet(onS3.predictions()).select(PredictionSchema.PATH).collectAsList();
    assertEquals(imageCount, rows.size());
    assertTrue(rows.stream().allMatch(r -> r.getString(0).startsWith("s3a://" + bucket + "/" + ROOT + "/")),
        "every path names the bucket: " + rows.get(0));
    for (String table : List.of("labels", "metrics/summary", "metrics/per_class", "metrics/confusion")) {
      String prefix = "results/" + table + "/";
      List<String> keys = server.keys(bucket, prefix);
      assertTrue(keys.contains(prefix + "_SUCCESS"), keys.toString());
      assertFalse(keys.stream().anyMatch(key -> key.contains("_temporary")), keys.toString());
    }
  }

  @Test
  void perFileResultsEqualTheLocalRun() {
    Map<String, Row> s3 = perFile(onS3.predictions());
    Map<String, Row> disk = perFile(onDisk.predictions());
    assertEquals(imageCount, s3.size());
    assertEquals(disk.keySet(), s3.keySet());
    for (Map.Entry<String, Row> file : disk.entrySet()) {
      assertEquals(file.getValue(), s3.get(file.getKey()), file.getKey());
    }
    assertEquals(ImageDecodeException.CORRUPT, s3.get("happy/truncated.jpg").getString(6));
    assertEquals(ImageDecodeException.EMPTY, s3.get("sad/empty.jpg").getString(6));
    assertEquals(PredictionSchema.STATUS_OK, s3.get("happy/sample-" + firstSample("happy")).getString(1));
  }

  @Test
  void metricsEqualTheLocalRun() {
    assertEquals(imageCount, onS3.evaluation().coverage().groundTruth());
    assertEquals(imageCount - 2, onS3.evaluation().count());
    assertEquals(onDisk.evaluation().coverage(), onS3.evaluation().coverage());
    assertEquals(onDisk.evaluation().accuracy(), onS3.evaluation().accuracy());

    assertEquals(table(onDisk.metrics(), "summary"), table(onS3.metrics(), "summary"));
    List<Row> perClass = table(onS3.metrics(), "per_class");
    assertEquals(Labels.COUNT, perClass.size());
    assertEquals(table(onDisk.metrics(), "per_class"), perClass);
    List<Row> confusion = table(onS3.metrics(), "confusion");
    assertEquals(Labels.COUNT * Labels.COUNT, confusion.size());
    assertEquals(table(onDisk.metrics(), "confusion"), confusion);
    assertEquals(table(onDisk.metrics(), "calibration"), table(onS3.metrics(), "calibration"));
    long wrong = Math.round(onS3.evaluation().count() * (1 - onS3.evaluation().accuracy()));
    assertEquals(wrong, table(onS3.metrics(), "errors").size(), "one errors row per wrong prediction");
    assertEquals(table(onDisk.metrics(), "errors").size(), table(onS3.metrics(), "errors").size());
  }

  @Test
  void sqlResultsEqualTheLocalRun() {
    assertEquals(4, onS3.sql().size());
    assertEquals(imageCount, onS3.sql().get(0).rows());
    assertEquals(Labels.COUNT, onS3.sql().get(2).rows());
    assertEquals(onDisk.sql(), onS3.sql());
    assertEquals(onDisk.sqlOutput(), onS3.sqlOutput());
    assertTrue(onS3.sqlOutput().contains("happy/truncated.jpg,error"), onS3.sqlOutput());
  }

  private static Map<String, Row> perFile(String predictions) {
    spark.read().parquet(predictions).createOrReplaceTempView("predictions");
    Map<String, Row> rows = new TreeMap<>();
    for (Row row : spark.sql(PER_FILE).collectAsList()) {
      assertEquals(null, rows.put(row.getString(0), row), "one row per file: " + row.getString(0));
    }
    return rows;
  }

  /** A metrics table without the columns that say where and when, in a fixed order. */
  private static List<Row> table(String metrics, String name) {
    var table = spark.read().parquet(metrics + "/" + name);
    for (String column : SOURCES) {
      table = table.drop(column);
    }
    return table.orderBy(table.columns()[0], table.columns()).collectAsList();
  }

  private static String firstSample(String label) {
    try (Stream<Path> files = Files.list(TestData.projectDir().resolve("samples/faces").resolve(label))) {
      return files.map(f -> f.getFileName().toString()).sorted().findFirst().orElseThrow();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * {@code <root>/<class>/...}: samples/faces, generated faces (PNG and JPEG, several sizes), an empty
   * and a truncated file, and up to {@value #FER2013_PER_CLASS} FER2013 val images per class when present.
   */
  private static int writeImages(Path root) throws IOException {
    int count = 0;
    Path samples = TestData.projectDir().resolve("samples/faces");
    for (int c = 0; c < Labels.COUNT; c++) {
      Path classDir = Files.createDirectories(root.resolve(Labels.name(c)));
      try (Stream<Path> files = Files.list(samples.resolve(Labels.name(c)))) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          Files.copy(file, classDir.resolve("sample-" + file.getFileName()));
          count++;
        }
      }
      for (int i = 0; i < GENERATED_PER_CLASS; i++) {
        String format = i % 2 == 0 ? "png" : "jpg";
        Files.write(classDir.resolve("generated-" + i + "." + format),
            TestImages.encode(TestImages.rgb(TestImages.face(c, 48 + 24 * (i % 3), 31L * c + i)), format));
        count++;
      }
    }
    byte[] jpeg = TestImages.encode(TestImages.rgb(TestImages.face(3, 96, 7)), "jpg");
    Files.write(root.resolve("happy/truncated.jpg"), TestImages.truncated(jpeg, 0.05));
    Files.write(root.resolve("sad/empty.jpg"), new byte[0]);
    count += 2;
    if (Files.isDirectory(TestData.fer2013().resolve("val"))) {
      count += ImageSample.copyFer2013Val(root, FER2013_PER_CLASS);
    }
    return count;
  }
}
