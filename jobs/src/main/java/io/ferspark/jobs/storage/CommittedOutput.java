package io.ferspark.jobs.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Guards readers of a job's Parquet output. On S3 a job commit is a series of copies, not an atomic
 * rename: a job that dies while committing can leave some part files in place. Spark writes the
 * {@code _SUCCESS} marker last, so output without it is incomplete and must not be read as a result.
 */
public final class CommittedOutput {

  public static final String SUCCESS_MARKER = "_SUCCESS";

  private CommittedOutput() {}

  /** Returns {@code path} when a finished job wrote it, else throws IllegalArgumentException saying what to do. */
  public static String requireComplete(SparkSession spark, String path) {
    StoragePaths.check("the input", path);
    Path dir = new Path(path);
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(dir)) {
        throw new IllegalArgumentException("Cannot read " + path + ": it does not exist; run the job that writes it first");
      }
      if (!fs.exists(new Path(dir, SUCCESS_MARKER))) {
        throw new IllegalArgumentException("Cannot read " + path + ": it has no " + SUCCESS_MARKER
            + " marker, so the job that wrote it did not finish and its files may be partial; run that job again");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return path;
  }
}
