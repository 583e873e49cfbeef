package io.ferspark.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileContentReaderTest {

  @TempDir
  Path dir;

  private final FileContentReader reader = new FileContentReader(new Configuration(), 100);

  /** Paths as binaryFile lists them: "file:" URIs, spaces and non-ASCII unescaped. */
  private static String hadoopPath(Path file) {
    return new org.apache.hadoop.fs.Path(file.toUri()).toString();
  }

  @Test
  void readsLocalFilesWhateverTheirNames() throws Exception {
    Path spaced = Files.createDirectories(dir.resolve("a b/ünï cödé"));
    byte[] bytes = {1, 2, 3, 4, 5};
    for (Path file : new Path[] {dir.resolve("plain.jpg"), spaced.resolve("smile 1 ☺.jpg")}) {
      Files.write(file, bytes);
      String path = hadoopPath(file);
      assertTrue(path.startsWith("file:"), path);
      ImageFile read = reader.read(path, null);
      assertNull(read.error());
      assertArrayEquals(bytes, read.content());
      assertEquals(5L, read.size());
    }
    // The bare local path form (no scheme) reads the same bytes through the cached local filesystem.
    assertArrayEquals(bytes, reader.read(dir.resolve("plain.jpg").toString(), 5L).content());
  }

  @Test
  void sizeLimitHoldsWithAndWithoutAListedSize() throws Exception {
    Path big = dir.resolve("big.jpg");
    Files.write(big, new byte[101]);
    ImageFile unlisted = reader.read(hadoopPath(big), null);
    assertNull(unlisted.content());
    assertTrue(unlisted.error().startsWith(ImageFile.FILE_TOO_LARGE + ": "), unlisted.error());
    ImageFile listed = reader.read(hadoopPath(big), 101L);
    assertTrue(listed.error().startsWith(ImageFile.FILE_TOO_LARGE + ": "), listed.error());

    Path exact = dir.resolve("exact.jpg");
    Files.write(exact, new byte[100]);
    assertEquals(100, reader.read(hadoopPath(exact), null).content().length);
  }

  @Test
  void missingFilesAndFoldersAreUnreadableWithTheCause() throws Exception {
    ImageFile gone = reader.read(hadoopPath(dir.resolve("gone.jpg")), 10L);
    assertTrue(gone.error().startsWith(ImageFile.UNREADABLE + ": NoSuchFileException"), gone.error());
    assertTrue(gone.error().contains("gone.jpg"), gone.error());
    assertEquals(10L, gone.size());

    Path folder = Files.createDirectories(dir.resolve("folder.jpg"));
    ImageFile notAFile = reader.read(hadoopPath(folder), null);
    assertTrue(notAFile.error().startsWith(ImageFile.UNREADABLE + ": "), notAFile.error());
  }
}
