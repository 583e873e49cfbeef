package io.ferspark.groundtruth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FolderLabelTest {

  @Test
  void classComesFromTheFolderHoldingTheFile() {
    assertEquals(3, FolderLabel.indexOf("file:/data/val/happy/x.jpg"));
    assertEquals(3, FolderLabel.indexOf("s3a://bucket/val/Happy/x.jpg"));
    assertEquals(6, FolderLabel.indexOf("/surprise/x.png"));
    assertEquals("happy", FolderLabel.folderOf("file:///data/val/happy/x.jpg"));
  }

  @Test
  void otherFoldersAreNotClasses() {
    assertEquals(-1, FolderLabel.indexOf("file:/data/val/x.jpg"));
    assertEquals(-1, FolderLabel.indexOf("/data/happy/2020/x.jpg"));
    assertEquals("", FolderLabel.folderOf("/x.jpg"));
    assertEquals("", FolderLabel.folderOf("s3a://bucket/x.jpg"));
    assertEquals("val", FolderLabel.folderOf("s3a://bucket/val/x.jpg"));
  }
}
