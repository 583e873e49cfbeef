package io.ferspark.groundtruth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PathKeyTest {

  @Test
  void localFormsMeet() {
    String key = "/data/val/happy/x.jpg";
    assertEquals(key, PathKey.of("/data/val/happy/x.jpg"));
    assertEquals(key, PathKey.of("file:/data/val/happy/x.jpg"));
    assertEquals(key, PathKey.of("file:///data/val/happy/x.jpg"));
    assertEquals(key, PathKey.of("file://localhost/data/val/happy/x.jpg"));
    assertEquals(key, PathKey.of("FILE:/data//val/./happy/x.jpg"));
    assertEquals(key, PathKey.of("/data/val/sad/../happy/x.jpg"));
    assertEquals(key, PathKey.of("  /data/val/happy/x.jpg\n"));
  }

  @Test
  void s3SchemesMeet() {
    String key = "s3://bucket/faces/happy/x.jpg";
    assertEquals(key, PathKey.of("s3a://bucket/faces/happy/x.jpg"));
    assertEquals(key, PathKey.of("s3://bucket/faces/happy/x.jpg"));
    assertEquals(key, PathKey.of("s3n://bucket//faces/happy/x.jpg"));
    assertEquals("s3://other/faces/happy/x.jpg", PathKey.of("s3a://other/faces/happy/x.jpg"));
    assertEquals("hdfs://nn:8020/faces/x.jpg", PathKey.of("hdfs://nn:8020/faces/x.jpg"));
  }

  @Test
  void escapesAndUnicodeMeet() {
    assertEquals("/tmp/a b/x.jpg", PathKey.of("file:///tmp/a%20b/x.jpg"));
    assertEquals("/tmp/a b/x.jpg", PathKey.of("file:/tmp/a b/x.jpg"));
    assertEquals("/tmp/été/x.jpg", PathKey.of("file:///tmp/%C3%A9t%C3%A9/x.jpg"));
    // decomposed é (e + combining acute) meets the composed form
    assertEquals("/tmp/été/x.jpg", PathKey.of("/tmp/e\u0301te\u0301/x.jpg"));
    assertEquals("/tmp/100%/x.jpg", PathKey.of("/tmp/100%/x.jpg"), "a lone % stays");
    assertEquals("/tmp/50%zz.jpg", PathKey.of("/tmp/50%zz.jpg"));
  }

  @Test
  void relativeManifestPathsResolveAgainstTheManifestFolder() {
    assertEquals("/data/val/happy/x.jpg", PathKey.of("happy/x.jpg", "file:/data/val"));
    assertEquals("/data/val/happy/x.jpg", PathKey.of("./happy/x.jpg", "/data/val/"));
    assertEquals("s3://b/val/happy/x.jpg", PathKey.of("happy/x.jpg", "s3a://b/val"));
    assertEquals("/elsewhere/x.jpg", PathKey.of("/elsewhere/x.jpg", "/data/val"));
    assertEquals("s3://c/x.jpg", PathKey.of("s3a://c/x.jpg", "/data/val"));
    assertNull(PathKey.of(null, "/data"));
  }

  @Test
  void absoluteMeansSchemeOrRoot() {
    assertTrue(PathKey.isAbsolute("/x"));
    assertTrue(PathKey.isAbsolute("file:/x"));
    assertTrue(PathKey.isAbsolute("s3a://b/x"));
    assertFalse(PathKey.isAbsolute("happy/x.jpg"));
    assertFalse(PathKey.isAbsolute("x.jpg"));
  }
}
