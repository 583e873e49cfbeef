package io.ferspark.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** Where jobs find their inputs (relative paths also resolve against the project) and whether they may write. */
final class JobPaths {

  private JobPaths() {}

  /** A relative path (--model, --input) missing from the working directory is looked up in the project directory. */
  static Path resolve(Path model) {
    String project = System.getProperty("fer.project.dir");
    if (model.isAbsolute() || Files.exists(model) || project == null) {
      return model;
    }
    Path inProject = Path.of(project).resolve(model);
    return Files.exists(inProject) ? inProject : model;
  }

  /** A relative local input missing from the working directory is looked up in the project directory. */
  static String resolveInput(String input) {
    if (input.contains(":") || input.startsWith("/")) {
      return input;
    }
    Path resolved = resolve(Path.of(input));
    return resolved.toString();
  }

  /**
   * Refuses an --output directory that is one of the job's input model directories ({@code what}
   * names them for the message, e.g. "the --model"): the job would overwrite what it reads.
   */
  static void requireNewOutput(Path output, List<Path> inputs, String what) {
    Path out = output.toAbsolutePath().normalize();
    if (inputs.stream().anyMatch(in -> in.toAbsolutePath().normalize().equals(out))) {
      throw new IllegalArgumentException("Cannot write --output " + output + ": it is " + what + "; choose a new directory");
    }
  }

  static void requireWritable(SparkSession spark, String output, SaveMode mode) {
    if (mode != SaveMode.ErrorIfExists) {
      return;
    }
    try {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(output);
      if (path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
        throw new IllegalArgumentException("Cannot write to " + output
            + ": it already exists; pass --mode overwrite to replace it or --mode append to add to it");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot check output " + output + ": " + e.getMessage(), e);
    }
  }
}
