package io.ferspark.jobs.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.util.Optional;
import org.apache.hadoop.fs.s3a.UnknownStoreException;
import org.junit.jupiter.api.Test;

/** The messages for failures shaped as S3A raises them; S3AFailureTest meets the real ones. */
class StorageFailureTest {

  @Test
  void namesTheBucketOfAWrappedFailureWithoutTrailingPunctuation() {
    Exception failure = new IllegalStateException("Task failed while writing rows to s3a://labels-1/run/out. SQLSTATE: 58030",
        new UncheckedIOException(new UnknownStoreException("s3a://labels-1/run/out", "getFileStatus on s3a://labels-1/run/out")));
    assertEquals("Bucket labels-1 does not exist (s3a://labels-1/run/out): check the bucket name, and that"
        + " fs.s3a.endpoint points at the store that holds it.", StorageFailure.describe(failure).orElseThrow());
  }

  @Test
  void neverRepeatsCredentialsFromAPath() {
    Exception failure = new AccessDeniedException("s3a://AKIAEXAMPLE:SeCrEt@images/val: getFileStatus on"
        + " s3a://AKIAEXAMPLE:SeCrEt@images/val: Forbidden (Service: S3, Status Code: 403)");
    String message = StorageFailure.describe(failure).orElseThrow();
    assertTrue(message.startsWith("Access to bucket images denied (s3a://***@images/val)"), message);
    assertFalse(message.contains("SeCrEt") || message.contains("AKIAEXAMPLE"), message);
  }

  @Test
  void leavesOtherFailuresToTheCaller() {
    assertEquals(Optional.empty(), StorageFailure.describe(new IOException("disk full")));
    assertTrue(StorageFailure.describe(new IOException("listing s3a://images/x", new ConnectException("Connection refused")))
        .orElseThrow().startsWith("Cannot reach the S3 endpoint of bucket images (s3a://images/x): Connection refused."));
  }
}
