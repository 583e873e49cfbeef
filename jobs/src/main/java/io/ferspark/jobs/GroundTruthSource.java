package io.ferspark.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.udf;

import io.ferspark.groundtruth.FolderLabel;
import io.ferspark.groundtruth.LabelIndexOrder;
import io.ferspark.groundtruth.PathKey;
import io.ferspark.labels.Labels;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads ground truth as rows {@code (key, truth_path, truth, ...)}: the {@link PathKey} of each image, its
 * path as given and its class index. The source is an image-folder bucket ({@code <dir>/<class>/x.jpg},
 * listed without reading the images) or a manifest with columns {@code path,label} as CSV (with a
 * header) or Parquet; manifest labels are names or numbers, relative manifest paths are taken from the
 * manifest's folder.
 */
final class GroundTruthSource {

  enum Format { AUTO, FOLDERS, CSV, PARQUET }

  static final String KEY = "key";
  static final String TRUTH_PATH = "truth_path";
  static final String TRUTH = "truth";
  /** Files a folder bucket counts as images (the rest, e.g. README or .DS_Store, are not ground truth). */
  static final String IMAGE_NAME_REGEX = "\\.(jpe?g|png|bmp|gif|webp|tiff?)$";

  static final UserDefinedFunction PATH_KEY = udf((UDF1<String, String>) PathKey::of, DataTypes.StringType);
  static final UserDefinedFunction PATH_KEY_FROM = udf((UDF2<String, String, String>) PathKey::of, DataTypes.StringType);
  private static final UserDefinedFunction FOLDER_LABEL = udf((UDF1<String, Integer>) FolderLabel::indexOf, DataTypes.IntegerType);
  private static final UserDefinedFunction FOLDER = udf((UDF1<String, String>) FolderLabel::folderOf, DataTypes.StringType);

  private GroundTruthSource() {}

  static Dataset<Row> read(SparkSession spark, String source, Format format, LabelIndexOrder order) throws IOException {
    Path path = new Path(source);
    FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.exists(path)) {
      throw new IllegalArgumentException("Cannot read ground truth from " + source + ": it does not exist. Pass an "
          + "image folder (<dir>/<class>/<image>) or a manifest (.csv or .parquet with columns path,label)");
    }
    Format resolved = format == Format.AUTO ? detect(fs, fs.makeQualified(path)) : format;
    spark.sparkContext().setJobDescription("Read ground truth (" + resolved.name().toLowerCase(Locale.ROOT) + ") from " + source);
    Dataset<Row> truth = resolved == Format.FOLDERS ? folders(spark, source)
        : manifest(spark, source, resolved, fs.makeQualified(path).getParent().toString(), order);
    return distinctImages(truth, source);
  }

  private static Format detect(FileSystem fs, Path path) throws IOException {
    String name = path.getName().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return Format.CSV;
    }
    if (name.endsWith(".parquet")) {
      return Format.PARQUET;
    }
    if (fs.getFileStatus(path).isFile()) {
      throw new IllegalArgumentException("Cannot tell the format of the ground-truth file " + path
          + ": name it .csv or .parquet, or pass --ground-truth-format csv|parquet");
    }
    boolean parquet = Arrays.stream(fs.listStatus(path)).map(FileStatus::getPath)
        .anyMatch(p -> p.getName().endsWith(".parquet") || p.getName().equals("_SUCCESS"));
    return parquet ? Format.PARQUET : Format.FOLDERS;
  }

  private static Dataset<Row> folders(SparkSession spark, String source) {
    // The file index of binaryFile, as the label job lists: a scan would skip zero-byte images, whose
    // error rows must still meet their ground truth. Content is never read.
    List<String> paths = new ArrayList<>();
    for (String uri : spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(source).inputFiles()) {
      paths.add(new Path(URI.create(uri)).toString()); // "file:/a b/c.jpg", the label job's path form
    }
    Dataset<Row> files = spark.createDataset(paths, Encoders.STRING()).toDF(TRUTH_PATH)
        .filter(lower(col(TRUTH_PATH)).rlike(IMAGE_NAME_REGEX));
    List<Row> unknown = files.filter(FOLDER_LABEL.apply(col(TRUTH_PATH)).equalTo(-1))
        .select(FOLDER.apply(col(TRUTH_PATH)).as("folder"), col(TRUTH_PATH)).limit(5).collectAsList();
    if (!unknown.isEmpty()) {
      List<String> examples = new ArrayList<>();
      unknown.forEach(r -> examples.add("'" + r.getString(0) + "' (" + r.getString(1) + ")"));
      throw new IllegalArgumentException("Cannot take labels from the folders of " + source + ": folder(s) "
          + String.join(", ", examples) + " are not labels; valid labels are " + Labels.NAMES
          + ". Put each image in a <class>/ folder or pass a manifest (path,label)");
    }
    return files.select(PATH_KEY.apply(col(TRUTH_PATH)).as(KEY), col(TRUTH_PATH),
        FOLDER_LABEL.apply(col(TRUTH_PATH)).as(TRUTH));
  }

  private static Dataset<Row> manifest(SparkSession spark, String source, Format format, String folder,
      LabelIndexOrder order) {
    Dataset<Row> raw = format == Format.CSV
        ? spark.read().option("header", "true").option("inferSchema", "false").csv(source)
        : spark.read().parquet(source);
    String pathColumn = column(raw, "path", source);
    String labelColumn = column(raw, "label", source);
    Dataset<Row> rows = raw.select(col(pathColumn).cast("string").as(TRUTH_PATH), col(labelColumn).cast("string").as("label_value"));
    long nullPaths = rows.filter(col(TRUTH_PATH).isNull().or(col(TRUTH_PATH).equalTo(""))).count();
    if (nullPaths > 0) {
      throw new IllegalArgumentException("Cannot read the manifest " + source + ": " + nullPaths + " row(s) have no path");
    }
    // The distinct labels are few: parse them on the driver so an unknown one fails with the valid list.
    List<Row> labelMap = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (Row r : rows.select("label_value").distinct().limit(10_000).collectAsList()) {
      String value = r.isNullAt(0) ? "" : r.getString(0);
      try {
        labelMap.add(RowFactory.create(r.isNullAt(0) ? null : value, order.parse(value)));
      } catch (IllegalArgumentException e) {
        unknown.add("'" + value + "'");
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("Unknown label(s) " + String.join(", ", unknown.subList(0, Math.min(10, unknown.size())))
          + " in the manifest " + source + ": valid labels are " + Labels.NAMES + " or their indices 0.."
          + (Labels.COUNT - 1) + " (--label-index-order " + order.optionValue() + ")");
    }
    StructType mapSchema = new StructType().add("label_value", DataTypes.StringType).add(TRUTH, DataTypes.IntegerType);
    Dataset<Row> labels = spark.createDataFrame(labelMap, mapSchema);
    return rows.join(broadcast(labels),
            rows.col("label_value").eqNullSafe(labels.col("label_value")))
        .select(PATH_KEY_FROM.apply(col(TRUTH_PATH), lit(folder)).as(KEY), col(TRUTH_PATH), col(TRUTH));
  }

  /** The manifest column called {@code name}, matched case-insensitively. */
  private static String column(Dataset<Row> manifest, String name, String source) {
    return Arrays.stream(manifest.columns()).filter(c -> c.replace("\uFEFF", "").trim().equalsIgnoreCase(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Cannot read the manifest " + source + ": it has no '" + name
            + "' column (columns: " + Arrays.toString(manifest.columns()) + "); a manifest needs columns path,label"));
  }

  /** One row per image (cached: unpersist it when done); the same image listed twice with different labels is an error. */
  private static Dataset<Row> distinctImages(Dataset<Row> truth, String source) {
    Dataset<Row> images = truth.groupBy(KEY).agg(first(col(TRUTH_PATH)).as(TRUTH_PATH), min(col(TRUTH)).as(TRUTH),
        max(col(TRUTH)).as("_other")).persist();
    List<Row> conflicts = images.filter(col(TRUTH).notEqual(col("_other"))).select(KEY).limit(5).collectAsList();
    if (!conflicts.isEmpty()) {
      images.unpersist();
      throw new IllegalArgumentException("The ground truth in " + source + " gives more than one label to "
          + conflicts.stream().map(r -> r.getString(0)).toList() + ": keep one label per image");
    }
    return images;
  }

  static Optional<Format> parseFormat(String value) {
    return Arrays.stream(Format.values()).filter(f -> f.name().equalsIgnoreCase(value.trim())).findFirst();
  }
}
