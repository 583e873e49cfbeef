package io.ferspark.inference;

import io.ferspark.labels.Labels;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The one definition of the labeled-Parquet schema: one row per input file, {@code status} "ok" or
 * "error". On error rows the model columns are null and {@code error} holds the reason.
 */
public final class PredictionSchema {

  public static final String PATH = "path";
  public static final String FILE_SIZE = "file_size";
  public static final String WIDTH = "width";
  public static final String HEIGHT = "height";
  public static final String LABEL = "label";
  public static final String LABEL_INDEX = "label_index";
  public static final String CONFIDENCE = "confidence";
  /** A struct with one float field per class, named by class, in label order. */
  public static final String PROBABILITIES = "probabilities";
  /** A struct {@code <name: string, sha256: string>} naming the model that produced the row. */
  public static final String MODEL = "model";
  public static final String LABELED_AT = "labeled_at";
  public static final String STATUS = "status";
  public static final String ERROR = "error";

  public static final String STATUS_OK = "ok";
  public static final String STATUS_ERROR = "error";

  public static final StructType PROBABILITIES_TYPE = probabilitiesType();
  public static final StructType MODEL_TYPE = new StructType(new StructField[] {
      DataTypes.createStructField("name", DataTypes.StringType, false),
      DataTypes.createStructField("sha256", DataTypes.StringType, false)});

  public static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField(PATH, DataTypes.StringType, false),
      DataTypes.createStructField(FILE_SIZE, DataTypes.LongType, true),
      DataTypes.createStructField(WIDTH, DataTypes.IntegerType, true),
      DataTypes.createStructField(HEIGHT, DataTypes.IntegerType, true),
      DataTypes.createStructField(LABEL, DataTypes.StringType, true),
      DataTypes.createStructField(LABEL_INDEX, DataTypes.IntegerType, true),
      DataTypes.createStructField(CONFIDENCE, DataTypes.FloatType, true),
      DataTypes.createStructField(PROBABILITIES, PROBABILITIES_TYPE, true),
      DataTypes.createStructField(MODEL, MODEL_TYPE, false),
      DataTypes.createStructField(LABELED_AT, DataTypes.TimestampType, false),
      DataTypes.createStructField(STATUS, DataTypes.StringType, false),
      DataTypes.createStructField(ERROR, DataTypes.StringType, true)});

  private PredictionSchema() {}

  private static StructType probabilitiesType() {
    StructField[] fields = new StructField[Labels.COUNT];
    for (int c = 0; c < Labels.COUNT; c++) {
      fields[c] = DataTypes.createStructField(Labels.name(c), DataTypes.FloatType, false);
    }
    return new StructType(fields);
  }
}
