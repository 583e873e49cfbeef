package io.ferspark.jobs.storage;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.s3a.UnknownStoreException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns the three ways an s3a:// job commonly dies (credentials refused, bucket missing, endpoint
 * unreachable) into one sentence for the operator: what failed, for which bucket, what to check.
 * S3A already bounds the retries (conf/s3a.conf), so these arrive within seconds; the message is
 * built from the failure's own text after {@link Redaction}, so it never carries a secret.
 */
public final class StorageFailure {

  private static final Pattern S3A_PATH = Pattern.compile("s3a://(?:\\*\\*\\*@)?([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(/[^\\s'`:]*[^\\s'`:.,;)])?");

  private StorageFailure() {}

  /** An operator message when {@code failure} (or one of its causes) is an S3 access failure. */
  public static Optional<String> describe(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      Optional<String> message = describeOne(cause, failure);
      if (message.isPresent()) {
        return message;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> describeOne(Throwable cause, Throwable failure) {
    if (cause instanceof UnknownStoreException) {
      return Optional.of(target(cause, failure, "Bucket %s does not exist")
          + ": check the bucket name, and that fs.s3a.endpoint points at the store that holds it.");
    }
    if (cause instanceof AccessDeniedException) {
      return Optional.of(target(cause, failure, "Access to bucket %s denied")
          + ": the store refused the credentials, or they lack permission for this path. Check which credentials"
          + " the provider chain finds (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or a role; see"
          + " conf/s3a.conf) and the bucket policy. The store said: " + firstLine(rootCause(cause)));
    }
    if (isNetworkFailure(cause)) {
      return Optional.of(target(cause, failure, "Cannot reach the S3 endpoint of bucket %s")
          + ": " + firstLine(clientFailure(cause)) + ". Check fs.s3a.endpoint (or fs.s3a.bucket.<bucket>.endpoint),"
          + " that the store is running, and the network; the job gave up after the retries set in conf/s3a.conf.");
    }
    return Optional.empty();
  }

  private static boolean isNetworkFailure(Throwable cause) {
    return cause instanceof ConnectException || cause instanceof NoRouteToHostException
        || cause instanceof UnknownHostException || cause instanceof SocketTimeoutException;
  }

  /** The first sentence: the failing s3a:// path and its bucket, found in the messages of the chain. */
  private static String target(Throwable cause, Throwable failure, String format) {
    for (Throwable t : new Throwable[] {cause, failure}) {
      for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
        Matcher matcher = S3A_PATH.matcher(String.valueOf(Redaction.redact(c.getMessage())));
        if (matcher.find()) {
          return String.format(format, matcher.group(1)) + " (" + matcher.group() + ")";
        }
      }
    }
    return String.format(format, "(unknown)");
  }

  /** The AWS SDK's own account (host, port, attempts) when there is one, else the root cause. */
  private static Throwable clientFailure(Throwable failure) {
    for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SdkClientException) {
        return c;
      }
    }
    return rootCause(failure);
  }

  private static Throwable rootCause(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  private static String firstLine(Throwable t) {
    String message = Redaction.redact(t.getMessage());
    if (message == null || message.isBlank()) {
      return t.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }
}
