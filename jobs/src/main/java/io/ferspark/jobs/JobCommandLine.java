package io.ferspark.jobs;

import io.ferspark.jobs.storage.Redaction;
import io.ferspark.jobs.storage.StorageFailure;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Shared command-line behaviour: bad options and bad values exit 2 with the reason and a pointer to
 * --help; a bucket that cannot be reached or read (S3 credentials refused, bucket missing, endpoint
 * down) exits 3 with one sentence saying which bucket and what to check. Messages are redacted.
 */
final class JobCommandLine {

  static final int EXIT_BAD_ARGUMENTS = 2;
  static final int EXIT_STORAGE_UNAVAILABLE = 3;

  private JobCommandLine() {}

  static int execute(Object job, String... args) {
    CommandLine cli = new CommandLine(job);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      // Storage first: a job may wrap an S3 failure in an IllegalArgumentException of its own.
      Optional<String> storage = StorageFailure.describe(e);
      if (storage.isPresent()) {
        commandLine.getErr().println("error: " + storage.get());
        return EXIT_STORAGE_UNAVAILABLE;
      }
      if (e instanceof IllegalArgumentException) {
        commandLine.getErr().println("error: " + Redaction.redact(e.getMessage()));
        commandLine.getErr().println("Run with --help for the options.");
        return EXIT_BAD_ARGUMENTS;
      }
      throw e;
    });
    return cli.execute(args);
  }
}
