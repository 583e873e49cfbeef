package io.ferspark.jobs.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StoragePathsTest {

  @Test
  void acceptsFoldersAndBuckets() {
    for (String path : new String[] {"/data/fer/val", "file:/data/fer", "s3a://images/val", "hdfs://nn:8020/fer"}) {
      assertEquals(path, StoragePaths.check("--input", path));
    }
    assertTrue(StoragePaths.isS3a("s3a://images/val"));
    assertTrue(StoragePaths.isS3a("S3A://images/val"));
    assertFalse(StoragePaths.isS3a("/data/s3a://x"));
  }

  @Test
  void rejectsCredentialsInThePathWithoutRepeatingThem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StoragePaths.check("--input", "s3a://AKIAEXAMPLE:SeCrEt/Key+123@images/val"));
    assertTrue(e.getMessage().startsWith("Cannot set --input to s3a://***@images/val: credentials"), e.getMessage());
    assertFalse(e.getMessage().contains("SeCrEt"), e.getMessage());
    assertFalse(e.getMessage().contains("AKIAEXAMPLE"), e.getMessage());
  }

  @Test
  void pointsS3AndS3nAtS3a() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StoragePaths.check("--output", "s3://labels/run-1"));
    assertEquals("Cannot set --output to s3://labels/run-1: use s3a://labels/run-1 (Hadoop's S3 connector is s3a)",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> StoragePaths.check("--output", "s3n://labels/run-1"));
    assertThrows(IllegalArgumentException.class, () -> StoragePaths.check("--output", " "));
  }
}
