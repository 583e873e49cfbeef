package io.ferspark.jobs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/** A job's output folder on any Hadoop file system (local, s3a://): Parquet tables and small text files in it. */
final class OutputDirectory {

  static final String MODE_ERROR = "error";
  static final String MODE_OVERWRITE = "overwrite";

  private final Path dir;
  private final FileSystem fs;

  private OutputDirectory(Path dir, FileSystem fs) {
    this.dir = dir;
    this.fs = fs;
  }

  /** Checks the mode and that an existing, non-empty folder is only reused with "overwrite". */
  static OutputDirectory open(String location, String mode, Configuration conf) throws IOException {
    checkMode(mode);
    Path dir = new Path(location);
    FileSystem fs = dir.getFileSystem(conf);
    if (fs.exists(dir) && (fs.getFileStatus(dir).isFile() || fs.listStatus(dir).length > 0)
        && !MODE_OVERWRITE.equalsIgnoreCase(mode)) {
      throw new IllegalArgumentException("Cannot write to " + location + ": it already exists; pass --mode "
          + MODE_OVERWRITE + " to replace its contents or choose another --output");
    }
    return new OutputDirectory(dir, fs);
  }

  static void checkMode(String mode) {
    if (!MODE_ERROR.equalsIgnoreCase(mode) && !MODE_OVERWRITE.equalsIgnoreCase(mode)) {
      throw new IllegalArgumentException("Cannot set --mode to " + mode + ": use " + MODE_ERROR + " or " + MODE_OVERWRITE);
    }
  }

  void writeTable(String name, Dataset<Row> table) {
    table.write().mode(SaveMode.Overwrite).parquet(new Path(dir, name).toString());
  }

  void writeText(String name, String text) throws IOException {
    try (OutputStream out = fs.create(new Path(dir, name), true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  String location() {
    return dir.toString();
  }
}
