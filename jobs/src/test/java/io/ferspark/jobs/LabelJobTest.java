package io.ferspark.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferspark.image.ImageDecodeException;
import io.ferspark.image.ImageDecoder;
import io.ferspark.image.Preprocessing;
import io.ferspark.image.TestTimeAugmentation;
import io.ferspark.inference.ExpressionModel;
import io.ferspark.inference.ExpressionPredictor;
import io.ferspark.inference.ImageFile;
import io.ferspark.inference.ImageLabeling;
import io.ferspark.inference.LabelSettings;
import io.ferspark.inference.ModelArtifact;
import io.ferspark.inference.ModelHolder;
import io.ferspark.inference.Prediction;
import io.ferspark.inference.PredictionSchema;
import io.ferspark.labels.Labels;
import io.ferspark.model.ModelDirectory;
import io.ferspark.testing.TestData;
import io.ferspark.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The labeling job on a local[2] session: bad input, one model load per JVM, parity with the library. */
class LabelJobTest {

  @TempDir
  static Path tmp;

  static SparkSession spark;
  static Path model;
  static Path bucket;
  /** File name -> expected error reason (null = labeled). */
  static final Map<String, String> EXPECTED = new HashMap<>();

  @BeforeAll
  static void setUp() throws Exception {
    spark = TestSpark.local("LabelJobTest");
    model = TestData.initializedModel(tmp.resolve("model"), TestData.TINY, 4242);
    bucket = Files.createDirectories(tmp.resolve("bucket"));
    Path nested = Files.createDirectories(bucket.resolve("nested dir/ünïcødé 表情"));
    for (int i = 0; i < 21; i++) {
      Path dir = i % 3 == 0 ? nested : bucket.resolve(Labels.name(i % Labels.COUNT));
      Files.createDirectories(dir);
      String name = "face " + i + (i % 2 == 0 ? ".png" : ".jpg");
      Files.write(dir.resolve(name), TestImages.encode(TestImages.rgb(TestImages.face(i % 7, 48 + 16 * (i % 3), i)),
          i % 2 == 0 ? "png" : "jpg"));
      EXPECTED.put(name, null);
    }
    byte[] jpeg = TestImages.encode(TestImages.rgb(TestImages.face(1, 96, 5)), "jpg");
    write("zero.jpg", new byte[0], ImageDecodeException.EMPTY);
    write("truncated.jpg", TestImages.truncated(jpeg, 0.05), ImageDecodeException.CORRUPT);
    write("text.jpg", TestImages.text("this is not a JPEG\n"), ImageDecodeException.UNSUPPORTED);
    write("alpha.png", TestImages.pngWithAlpha(48, 48), null);
    write("sixteen-bit.png", TestImages.png16Bit(48, 48), null);
    write("cmyk.jpg", TestImages.cmykJpeg(48, 48), null);
    write("bomb 20000x20000.png", TestImages.hugePng(20_000, 20_000), ImageDecodeException.TOO_LARGE);
    write("ignored.txt", TestImages.text("not matched by the extension filter"), "-");
    EXPECTED.remove("ignored.txt");
    Path unreadable = bucket.resolve("unreadable.jpg");
    Files.write(unreadable, jpeg);
    Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
    if (Files.isReadable(unreadable)) {
      // Running as root, permissions do not stop reads: use a file the kernel refuses to read
      // for everyone (reading /proc/self/mem at offset 0 fails with EIO).
      Files.delete(unreadable);
      Files.createSymbolicLink(unreadable, Path.of("/proc/self/mem"));
    }
    EXPECTED.put("unreadable.jpg", ImageFile.UNREADABLE);
  }

  private static void write(String name, byte[] bytes, String reason) throws Exception {
    Files.write(bucket.resolve(name), bytes);
    EXPECTED.put(name, reason);
  }

  private static LabelJob options(String output, String... extra) {
    LabelJob job = new LabelJob();
    String[] args = new String[extra.length + 6];
    System.arraycopy(new String[] {"--input", bucket.toString(), "--output", output, "--model", model.toString()}, 0, args, 0, 6);
    System.arraycopy(extra, 0, args, 6, extra.length);
    new picocli.CommandLine(job).parseArgs(args);
    return job;
  }

  /** One labeling run shared by the assertions below (Spark start-up and model load are the slow part). */
  static LabelResult result;
  static String output;

  static synchronized LabelResult labelBucket() {
    if (result == null) {
      output = tmp.resolve("out").toString();
      result = LabelJob.run(spark, options(output, "--partitions", "6", "--batch-size", "4"));
    }
    return result;
  }

  @Test
  void labelsEveryFileExactlyOnceWithOneModelLoadPerJvm() {
    LabelResult result = labelBucket();

    List<Row> rows = spark.read().parquet(output).collectAsList();
    Map<String, Row> byName = new HashMap<>();
    for (Row r : rows) {
      String path = r.getAs(PredictionSchema.PATH);
      String name = path.substring(path.lastIndexOf('/') + 1);
      assertNull(byName.put(name, r), "duplicate row for " + name);
    }
    assertEquals(new java.util.TreeSet<>(EXPECTED.keySet()), new java.util.TreeSet<>(byName.keySet()));
    assertEquals(EXPECTED.size(), rows.size(), "one row per file");
    assertEquals(EXPECTED.size(), result.filesRead());
    for (Map.Entry<String, String> e : EXPECTED.entrySet()) {
      Row r = byName.get(e.getKey());
      String status = r.getAs(PredictionSchema.STATUS);
      if (e.getValue() == null) {
        assertEquals(PredictionSchema.STATUS_OK, status, e.getKey() + ": " + r.getAs(PredictionSchema.ERROR));
        assertTrue(Labels.find(r.getAs(PredictionSchema.LABEL)) >= 0);
      } else {
        assertEquals(PredictionSchema.STATUS_ERROR, status, e.getKey());
        String error = r.getAs(PredictionSchema.ERROR);
        assertTrue(error.startsWith(e.getValue() + ": "), e.getKey() + " failed with " + error);
      }
    }
    assertEquals(5, result.failed());
    assertEquals(1L, result.failedByReason().get(ImageFile.UNREADABLE));
    assertEquals(EXPECTED.size() - 5, result.labeled());
    // local[2]: every partition ran in this JVM, which loaded the model once.
    assertEquals(1, result.partitionsByJvm().size());
    assertEquals(6, result.partitionsByJvm().values().iterator().next());
    assertEquals(Map.of(result.partitionsByJvm().keySet().iterator().next(), 1), result.loadsByJvm());
    assertTrue(result.summary().contains("Labeled " + result.labeled() + " of " + EXPECTED.size()), result.summary());
  }

  @Test
  void sparkLabelsEqualTheLibraryCalledDirectly() throws Exception {
    labelBucket();
    ExpressionModel direct = ModelHolder.acquire(model);
    ImageDecoder decoder = new ImageDecoder();
    int compared = 0;
    try (ExpressionPredictor predictor = direct.newPredictor()) {
      for (Row r : spark.read().parquet(output).where("status = 'ok'").collectAsList()) {
        Path file = Path.of(new org.apache.hadoop.fs.Path(r.<String>getAs(PredictionSchema.PATH)).toUri());
        float[] input = Preprocessing.toModelInput(decoder.decode(Files.readAllBytes(file)));
        Prediction expected = predictor.predict(List.of(input)).get(0);
        assertEquals(expected.label(), r.getAs(PredictionSchema.LABEL), file.toString());
        Row probabilities = r.getAs(PredictionSchema.PROBABILITIES);
        for (int c = 0; c < Labels.COUNT; c++) {
          assertEquals(expected.probabilities()[c], probabilities.getFloat(c), 1e-5f);
        }
        Row modelRow = r.getAs(PredictionSchema.MODEL);
        assertEquals(ModelArtifact.read(model).sha256(), modelRow.getString(1));
        compared++;
      }
    }
    assertEquals(EXPECTED.values().stream().filter(v -> v == null).count(), compared);
  }

  @Test
  void ttaOptionLabelsWithTheViewsItNames() throws Exception {
    // The shipped model: a trained net's views give different answers (an untrained one's barely differ).
    Path shipped = TestData.projectDir().resolve("models/fer-mobilenet-v1");
    String out = tmp.resolve("tta-out").toString();
    LabelJob job = options(out, "--tta", "shift-flip");
    job.model = shipped;
    job.inputs = List.of(bucket.resolve("happy").toString(), bucket.resolve("sad").toString());
    LabelResult labeled = LabelJob.run(spark, job);
    assertEquals(0, labeled.failed());

    ExpressionModel direct = ModelHolder.acquire(shipped);
    ImageDecoder decoder = new ImageDecoder();
    int compared = 0;
    boolean differsFromTheModelsOwn = false;
    try (ExpressionPredictor tenViews = direct.newPredictor(TestTimeAugmentation.SHIFT_FLIP);
         ExpressionPredictor own = direct.newPredictor()) {
      for (Row r : spark.read().parquet(out).collectAsList()) {
        Path file = Path.of(new org.apache.hadoop.fs.Path(r.<String>getAs(PredictionSchema.PATH)).toUri());
        float[] input = Preprocessing.toModelInput(decoder.decode(Files.readAllBytes(file)));
        float[] expected = tenViews.predict(List.of(input)).get(0).probabilities();
        Row probabilities = r.getAs(PredictionSchema.PROBABILITIES);
        float[] written = new float[Labels.COUNT];
        for (int c = 0; c < Labels.COUNT; c++) {
          written[c] = probabilities.getFloat(c);
        }
        assertArrayEquals(expected, written, 1e-5f, file.toString());
        differsFromTheModelsOwn |= Math.abs(own.predict(List.of(input)).get(0).probabilities()[0] - written[0]) > 1e-4;
        compared++;
      }
    }
    assertEquals(labeled.labeled(), compared);
    assertTrue(compared >= 4, "labeled " + compared);
    assertTrue(differsFromTheModelsOwn, "--tta shift-flip labels differently from the model's own flip");
  }

  @Test
  void listedPathsAreSlicedInOrderWithoutAShuffle() {
    List<String> paths = ImageLabeling.listImagePaths(spark, List.of(bucket.toString()));
    assertEquals(EXPECTED.size(), paths.size());
    assertEquals(paths.stream().sorted().toList(), paths);
    Dataset<Row> files = ImageLabeling.imagePaths(spark, paths, 4);
    assertEquals(4, files.javaRDD().getNumPartitions());
    assertEquals(paths, files.collectAsList().stream().map(r -> r.getString(0)).toList());
    String plan = ImageLabeling.label(files, ModelArtifact.read(model), LabelSettings.DEFAULTS, null)
        .queryExecution().executedPlan().toString();
    assertFalse(plan.contains("Exchange"), plan);
  }

  @Test
  void automaticPartitionsComeInWholeWavesOfTaskSlots() {
    int per = ImageLabeling.FILES_PER_PARTITION;
    assertEquals(2, ImageLabeling.partitionsFor(1, 2));
    assertEquals(2, ImageLabeling.partitionsFor(2L * per, 2));
    assertEquals(4, ImageLabeling.partitionsFor(2L * per + 1, 2));
    assertEquals(26, ImageLabeling.partitionsFor(50_000, 2));
    assertEquals(8 * 62, ImageLabeling.partitionsFor(1_000_000, 8));
  }

  @Test
  void javaApiLabelsABinaryFileDataset() {
    Dataset<Row> files = spark.read().format("binaryFile").option("recursiveFileLookup", "true")
        .option("pathGlobFilter", "*.png").load(bucket.toString() + "/happy", bucket.resolve("alpha.png").toString());
    List<Row> rows = ImageLabeling.label(files, ModelArtifact.read(model), LabelSettings.DEFAULTS, null).collectAsList();
    assertEquals(files.count(), rows.size());
    assertEquals(PredictionSchema.SCHEMA.fieldNames().length, rows.get(0).length());
    assertTrue(rows.stream().anyMatch(r -> "ok".equals(r.getAs(PredictionSchema.STATUS))));
  }

  @Test
  void missingModelFailsBeforeAnySparkJob() {
    spark.sparkContext().setJobGroup("missing-model", "missing model", false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
      LabelJob job = options(tmp.resolve("never").toString());
      job.model = tmp.resolve("no-such-model");
      LabelJob.run(spark, job);
    });
    assertTrue(e.getMessage().contains("no-such-model") && e.getMessage().contains("does not exist"), e.getMessage());
    assertEquals(0, spark.sparkContext().statusTracker().getJobIdsForGroup("missing-model").length);
  }

  @Test
  void wrongChecksumFailsBeforeAnySparkJob() throws Exception {
    Path tampered = TestData.initializedModel(tmp.resolve("tampered"), TestData.TINY, 77);
    byte[] params = Files.readAllBytes(tampered.resolve(ModelDirectory.PARAMS_FILE));
    params[100] ^= 0x10;
    Files.write(tampered.resolve(ModelDirectory.PARAMS_FILE), params);
    spark.sparkContext().setJobGroup("bad-checksum", "bad checksum", false);
    LabelJob job = options(tmp.resolve("never2").toString());
    job.model = tampered;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelJob.run(spark, job));
    assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    assertEquals(0, spark.sparkContext().statusTracker().getJobIdsForGroup("bad-checksum").length);
  }

  @Test
  void inputsThatMatchNothingAreNamed() throws Exception {
    String missing = tmp.resolve("no such bucket").toString();
    LabelJob job = options(tmp.resolve("o1").toString());
    job.inputs = List.of(missing);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelJob.run(spark, job));
    assertTrue(e.getMessage().contains(missing) && e.getMessage().contains("matched no files"), e.getMessage());

    Path textOnly = Files.createDirectories(tmp.resolve("text-only"));
    Files.writeString(textOnly.resolve("notes.txt"), "no images here");
    job.inputs = List.of(textOnly.toString());
    e = assertThrows(IllegalArgumentException.class, () -> LabelJob.run(spark, job));
    assertTrue(e.getMessage().contains(textOnly.toString()) && e.getMessage().contains("no image files"), e.getMessage());
  }

  @Test
  void s3SchemeAndCredentialsInPathsFailBeforeAnySparkJob() {
    spark.sparkContext().setJobGroup("bad-paths", "bad paths", false);
    LabelJob job = options(tmp.resolve("never3").toString());
    job.inputs = List.of(bucket.toString(), "s3://fer-images/incoming");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelJob.run(spark, job));
    assertTrue(e.getMessage().contains("--input") && e.getMessage().contains("use s3a://fer-images/incoming"), e.getMessage());
    LabelJob secret = options("s3a://AKIAEXAMPLE:hunter2secret@fer-results/labels");
    e = assertThrows(IllegalArgumentException.class, () -> LabelJob.run(spark, secret));
    assertTrue(e.getMessage().contains("--output") && !e.getMessage().contains("hunter2secret"), e.getMessage());
    assertEquals(0, spark.sparkContext().statusTracker().getJobIdsForGroup("bad-paths").length);
  }

  @Test
  void unknownTestTimeAugmentationFailsBeforeAnySparkJob() {
    spark.sparkContext().setJobGroup("bad-tta", "bad tta", false);
    LabelJob job = options(tmp.resolve("never4").toString(), "--tta", "ten-crop");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelJob.run(spark, job));
    assertTrue(e.getMessage().contains("--tta to ten-crop: use one of none, flip, shift-flip"), e.getMessage());
    assertEquals(0, spark.sparkContext().statusTracker().getJobIdsForGroup("bad-tta").length);
  }

  @Test
  void refusesToOverwriteUnlessAsked() throws Exception {
    Path existing = Files.createDirectories(tmp.resolve("existing"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LabelJob.run(spark, options(existing.toString())));
    assertTrue(e.getMessage().contains("--mode overwrite"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> options(existing.toString(), "--mode", "replace").saveMode());
  }
}
