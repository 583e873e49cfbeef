package io.ferspark.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring_index;

import io.ferspark.image.TestTimeAugmentation;
import io.ferspark.inference.ImageLabeling;
import io.ferspark.inference.LabelMetrics;
import io.ferspark.inference.LabelSettings;
import io.ferspark.inference.ModelArtifact;
import io.ferspark.inference.PredictionSchema;
import io.ferspark.jobs.storage.StoragePaths;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Labels every image under the inputs with the expression model and writes one Parquet row per file. */
@Command(name = "label", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Label images (JPEG, PNG, BMP, GIF; local or s3a://) with MobileNet V1 into Parquet.")
public final class LabelJob implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(LabelJob.class);
  private static final Map<String, SaveMode> MODES =
      Map.of("error", SaveMode.ErrorIfExists, "overwrite", SaveMode.Overwrite, "append", SaveMode.Append);

  @Option(names = "--input", defaultValue = "samples/faces",
      description = "A file, folder (searched recursively) or glob, local or s3a://; repeatable (default: ${DEFAULT-VALUE}).")
  List<String> inputs;

  @Option(names = "--output", required = true, description = "Parquet output directory.")
  String output;

  @Option(names = "--model", defaultValue = "models/fer-mobilenet-v1", description = "Model directory (default: ${DEFAULT-VALUE}).")
  Path model;

  @Option(names = "--batch-size", defaultValue = "64", description = "Images grouped per predict call (default: ${DEFAULT-VALUE}); a group runs in forward passes small enough to keep each pass's activations under 16 MiB (the model's width and --tta set how many faces that is).")
  int batchSize;

  @Option(names = "--tta", description = "Test-time augmentation instead of the model's own (model.json tta): none (1 pass per face), flip (2) or shift-flip (10); fewer passes label faster, more are more accurate.")
  String tta;

  @Option(names = "--partitions", defaultValue = "0", description = "Partitions to label in; 0 = about " + ImageLabeling.FILES_PER_PARTITION + " files each, a multiple of the task slots.")
  int partitions;

  @Option(names = "--mode", defaultValue = "error", description = "If the output exists: error, overwrite or append (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--max-error-rate", defaultValue = "0.05", description = "Exit 1 when more than this fraction of files fail (default: ${DEFAULT-VALUE}).")
  double maxErrorRate;

  @Option(names = "--max-pixels", defaultValue = "67108864", description = "Refuse images with more pixels (default: ${DEFAULT-VALUE}).")
  long maxPixels;

  @Option(names = "--max-file-bytes", defaultValue = "67108864", description = "Refuse larger files unread (default: ${DEFAULT-VALUE}).")
  long maxFileBytes;

  @Option(names = "--limit", defaultValue = "0", description = "Label at most this many files, 0 = all (smoke runs).")
  int limit;

  @Override
  public Integer call() {
    SaveMode saveMode = saveMode(); // validate before starting Spark
    checkPaths();
    testTimeAugmentation();
    if (maxErrorRate < 0 || maxErrorRate > 1) {
      throw new IllegalArgumentException("Cannot set --max-error-rate to " + maxErrorRate + ": use a fraction in [0, 1]");
    }
    SparkSession spark = SparkSession.builder().appName("fer-spark label").getOrCreate();
    try {
      LabelResult result = run(spark, this);
      System.out.print(result.summary());
      if (result.errorRate() > maxErrorRate) {
        System.err.printf("error: %d of %d files failed (%.2f%%), over --max-error-rate %s%n",
            result.failed(), result.filesRead(), 100 * result.errorRate(), maxErrorRate);
        return 1;
      }
      return 0;
    } finally {
      spark.stop();
    }
  }

  public static LabelResult run(SparkSession spark, LabelJob options) {
    long start = System.nanoTime();
    options.checkPaths();
    SparkContext sc = spark.sparkContext();
    ModelArtifact model = readModel(options.model); // fails before any task runs
    LabelSettings settings = new LabelSettings(options.batchSize, options.maxPixels, options.maxFileBytes,
        options.testTimeAugmentation());
    SaveMode saveMode = options.saveMode();
    JobPaths.requireWritable(spark, options.output, saveMode);

    sc.setJobDescription("List image files in " + options.inputs);
    List<String> paths = ImageLabeling.listImagePaths(spark, options.inputs.stream().map(JobPaths::resolveInput).toList());
    if (options.limit > 0 && paths.size() > options.limit) {
      paths = paths.subList(0, options.limit);
    }
    long count = paths.size();
    if (count == 0) {
      throw new IllegalArgumentException("Input " + String.join(", ", options.inputs) + " matched no image files ("
          + ImageLabeling.IMAGE_GLOB + ")");
    }
    int partitions = options.partitions > 0 ? options.partitions
        : ImageLabeling.partitionsFor(count, sc.defaultParallelism());
    Dataset<Row> files = ImageLabeling.imagePaths(spark, paths, partitions);
    LabelMetrics metrics = new LabelMetrics(sc);
    Instant labeledAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    LOG.info("Labeling {} files in {} partitions with model {} ({}), batch {}, tta {}", count, partitions,
        model.name(), model.sha256(), settings.batchSize(), settings.tta() == null ? "as the model" : settings.tta());

    long labelStart = System.nanoTime();
    sc.setJobDescription("Label " + count + " images with " + model.name());
    ImageLabeling.label(files, model, settings, metrics, labeledAt)
        .write().mode(saveMode).parquet(options.output);
    double labelSeconds = (System.nanoTime() - labelStart) / 1e9;

    sc.setJobDescription("Summarise labels in " + options.output);
    Map<String, Long> failed = new TreeMap<>();
    long labeled = 0;
    for (Row r : spark.read().parquet(options.output)
        .where(col(PredictionSchema.LABELED_AT).equalTo(lit(Timestamp.from(labeledAt))))
        .groupBy(col(PredictionSchema.STATUS), substring_index(col(PredictionSchema.ERROR), ": ", 1).as("reason"))
        .count().collectAsList()) {
      if (PredictionSchema.STATUS_OK.equals(r.getString(0))) {
        labeled += r.getLong(2);
      } else {
        failed.merge(r.getString(1), r.getLong(2), Long::sum);
      }
    }
    long maxLoadMillis = metrics.loadMillis().stream().mapToLong(Long::longValue).max().orElse(0);
    return new LabelResult(options.output, model.name(), model.sha256(), count, labeled, failed, partitions,
        labelSeconds, (System.nanoTime() - start) / 1e9, metrics.loadsByJvm(), metrics.partitionsByJvm(), maxLoadMillis);
  }

  /** The verified model; a checksum failure is the operator's to fix, so it exits 2 with its message. */
  private static ModelArtifact readModel(Path dir) {
    try {
      return ModelArtifact.read(JobPaths.resolve(dir));
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Credentials in a path, or s3:// instead of s3a://, are refused before Spark sees the path. */
  void checkPaths() {
    inputs.forEach(input -> StoragePaths.check("--input", input));
    StoragePaths.check("--output", output);
  }

  /** The --tta override, or null for the model's own. */
  TestTimeAugmentation testTimeAugmentation() {
    if (tta == null) {
      return null;
    }
    try {
      return TestTimeAugmentation.of(tta);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot set --tta to " + tta + ": use one of " + TestTimeAugmentation.names(), e);
    }
  }

  SaveMode saveMode() {
    SaveMode saveMode = MODES.get(mode);
    if (saveMode == null) {
      throw new IllegalArgumentException("Cannot set --mode to " + mode + ": use error, overwrite or append");
    }
    return saveMode;
  }

  public static void main(String[] args) {
    System.exit(JobCommandLine.execute(new LabelJob(), args));
  }
}
