package io.ferspark.jobs;

import picocli.CommandLine;

/** A job's options object filled from a command line, as picocli fills it before the job runs. */
final class JobOptions {

  private JobOptions() {}

  static <T> T parse(T job, String... args) {
    new CommandLine(job).parseArgs(args);
    return job;
  }
}
