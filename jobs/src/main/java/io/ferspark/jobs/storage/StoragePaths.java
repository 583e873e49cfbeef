package io.ferspark.jobs.storage;

import java.util.Locale;

/**
 * Checks the bucket and folder paths operators pass to jobs (local folders, file:, s3a:, hdfs: ...)
 * before Spark sees them: a path is shown in logs, query plans and the Spark UI, so it must not
 * carry credentials.
 */
public final class StoragePaths {

  private StoragePaths() {}

  /**
   * Returns {@code path} when it is safe to use, else throws IllegalArgumentException naming
   * {@code option} and saying what to do; the message never repeats a credential.
   */
  public static String check(String option, String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("Cannot set " + option + " to an empty path: give a folder or an s3a://bucket/prefix");
    }
    String shown = Redaction.redact(path);
    if (!shown.equals(path)) {
      throw new IllegalArgumentException("Cannot set " + option + " to " + shown
          + ": credentials in a path would be written to logs and query plans. Remove them and let the"
          + " credential provider chain find them (environment variables, profile or role; see conf/s3a.conf)");
    }
    String scheme = scheme(path);
    if (scheme.equals("s3") || scheme.equals("s3n")) {
      throw new IllegalArgumentException("Cannot set " + option + " to " + path + ": use s3a://"
          + path.substring(scheme.length() + 3) + " (Hadoop's S3 connector is s3a)");
    }
    return path;
  }

  /** Whether {@code path} names an S3 bucket through Hadoop's s3a connector. */
  public static boolean isS3a(String path) {
    return scheme(path).equals("s3a");
  }

  private static String scheme(String path) {
    int colon = path.indexOf("://");
    return colon > 0 ? path.substring(0, colon).toLowerCase(Locale.ROOT) : "";
  }
}
