package io.ferspark.jobs;

import picocli.CommandLine;

/** Shared command-line behaviour: bad options and bad values exit 2 with the reason and a pointer to --help. */
final class JobCommandLine {

  private JobCommandLine() {}

  static int execute(Object job, String... args) {
    CommandLine cli = new CommandLine(job);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof IllegalArgumentException) {
        commandLine.getErr().println("error: " + e.getMessage());
        commandLine.getErr().println("Run with --help for the options.");
        return 2;
      }
      throw e;
    });
    return cli.execute(args);
  }
}
