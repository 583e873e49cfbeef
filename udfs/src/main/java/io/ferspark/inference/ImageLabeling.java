package io.ferspark.inference;

import io.ferspark.image.ImageFormats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The labeling step as a Java API for any Spark application: list an image bucket with Spark's
 * {@code binaryFile} source, then turn a Dataset of files into a Dataset of {@link PredictionSchema}
 * rows with one model per executor JVM.
 *
 * <pre>{@code
 * Dataset<Row> files = ImageLabeling.listImages(spark, List.of("s3a://bucket/faces/"));
 * Dataset<Row> labels = ImageLabeling.label(files, ModelArtifact.read(Path.of("models/fer-mobilenet-v1")),
 *     LabelSettings.DEFAULTS, null);
 * }</pre>
 */
public final class ImageLabeling {

  /** File names the listing keeps. */
  public static final String IMAGE_GLOB = ImageFormats.HADOOP_GLOB;
  /** Files per partition that {@link #partitionsFor} aims at. */
  public static final int FILES_PER_PARTITION = 2048;
  private static final StructType PATH_SCHEMA = new StructType().add("path", DataTypes.StringType, false);

  private ImageLabeling() {}

  /**
   * Lists image files under each input (a file, a folder searched recursively, or a glob) with
   * Spark's {@code binaryFile} source, as a Dataset with one column {@code path} in
   * {@link #partitionsFor} partitions; the content is read later, by the labeling tasks.
   */
  public static Dataset<Row> listImages(SparkSession spark, List<String> inputs) {
    List<String> paths = listImagePaths(spark, inputs);
    return imagePaths(spark, paths, partitionsFor(paths.size(), spark.sparkContext().defaultParallelism()));
  }

  /**
   * The sorted paths of the image files under the inputs, as {@code binaryFile}'s {@code path}
   * column writes them. They come from the source's file index rather than from a scan because
   * scans skip zero-byte files, which must still get their (error) row. Fails with a message naming
   * the input when an input matches nothing.
   */
  public static List<String> listImagePaths(SparkSession spark, List<String> inputs) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("Cannot label without input: pass --input <path-or-glob>");
    }
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    for (String input : inputs) {
      requireMatches(input, conf);
    }
    String[] files = spark.read().format("binaryFile")
        .option("recursiveFileLookup", "true")
        .option("pathGlobFilter", IMAGE_GLOB)
        .load(inputs.toArray(String[]::new))
        .inputFiles();
    List<String> paths = new ArrayList<>(files.length);
    for (String uri : files) {
      paths.add(new Path(URI.create(uri)).toString()); // "file:/a b/c.jpg", as binaryFile's path column
    }
    Collections.sort(paths);
    return paths;
  }

  /**
   * Paths as a Dataset with one column {@code path}, in {@code partitions} slices of consecutive
   * paths. Sliced on the driver rather than repartitioned: no shuffle, and each task carries only its
   * own slice (a local Dataset would ship all paths in a few oversized tasks). Consecutive slices keep
   * each output Parquet file to one range of paths, so its min/max statistics prune queries by folder.
   */
  public static Dataset<Row> imagePaths(SparkSession spark, List<String> paths, int partitions) {
    JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(paths, Math.max(1, partitions)).map(RowFactory::create);
    return spark.createDataFrame(rows, PATH_SCHEMA);
  }

  /**
   * About {@link #FILES_PER_PARTITION} files per partition, in whole waves of {@code slots} task
   * slots so that no slot idles at the end; enough files per task to amortise its start and its
   * Parquet file, few enough that a retried task repeats little work.
   */
  public static int partitionsFor(long files, int slots) {
    long perWave = (long) FILES_PER_PARTITION * slots;
    return (int) Math.max(slots, slots * ((files + perWave - 1) / perWave));
  }

  /**
   * Labels a Dataset of files: it needs a string column {@code path}; a long {@code length} and a
   * binary {@code content} column are used when present (otherwise each file is read by its task).
   * Returns exactly one {@link PredictionSchema} row per input row. {@code metrics} may be null.
   */
  public static Dataset<Row> label(Dataset<Row> files, ModelArtifact model, LabelSettings settings, LabelMetrics metrics) {
    return label(files, model, settings, metrics, Instant.now());
  }

  /** As {@link #label(Dataset, ModelArtifact, LabelSettings, LabelMetrics)}, stamping rows with {@code labeledAt}. */
  public static Dataset<Row> label(Dataset<Row> files, ModelArtifact model, LabelSettings settings, LabelMetrics metrics,
      Instant labeledAt) {
    StructType schema = files.schema();
    int path = List.of(schema.fieldNames()).indexOf("path");
    if (path < 0) {
      throw new IllegalArgumentException("Cannot label a Dataset without a 'path' column: columns are "
          + Arrays.toString(schema.fieldNames()));
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(files.sparkSession().sparkContext());
    Broadcast<ModelArtifact> modelBroadcast = sc.broadcast(model);
    Broadcast<SerializableConfiguration> conf =
        sc.broadcast(new SerializableConfiguration(sc.hadoopConfiguration()));
    Timestamp stamp = Timestamp.from(labeledAt.truncatedTo(ChronoUnit.MICROS)); // Parquet keeps microseconds
    LabelPartitionFunction function = new LabelPartitionFunction(modelBroadcast, conf, settings, path,
        indexOf(schema, "length"), indexOf(schema, "content"), stamp, metrics);
    return files.mapPartitions(function, Encoders.row(PredictionSchema.SCHEMA));
  }

  private static int indexOf(StructType schema, String name) {
    return List.of(schema.fieldNames()).indexOf(name);
  }

  private static void requireMatches(String input, Configuration conf) {
    try {
      Path path = new Path(input);
      FileSystem fs = path.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(path);
      if (matches == null || matches.length == 0) {
        throw new IllegalArgumentException("Input " + input + " matched no files: check the path"
            + " (a file, a folder, or a glob such as 'faces/*/*.jpg')");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list input " + input, e);
    }
  }
}
