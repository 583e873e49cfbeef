package io.ferspark.inference;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Reads one file's bytes through Hadoop's FileSystem (file:, s3a:, hdfs: ...) on the executor, so
 * that a file that cannot be read becomes an error row instead of failing the whole Spark task.
 * One reader serves one partition: it keeps the FileSystem of each scheme and authority it meets.
 */
final class FileContentReader {

  private final Configuration conf;
  private final long maxBytes;
  private final Map<String, FileSystem> fileSystems = new HashMap<>();

  FileContentReader(Configuration conf, long maxBytes) {
    this.conf = conf;
    this.maxBytes = maxBytes;
  }

  /** The file's content, or an error naming why it could not be read. {@code listedSize} may be null. */
  ImageFile read(String path, Long listedSize) {
    if (listedSize != null && listedSize > maxBytes) {
      return ImageFile.failed(path, listedSize, ImageFile.FILE_TOO_LARGE,
          "file has " + listedSize + " bytes, over the limit of " + maxBytes);
    }
    try {
      Path p = new Path(path);
      FileSystem fs = fileSystem(p);
      byte[] content;
      // Local files are read straight from the OS: Hadoop's local open stats each file three times first.
      try (InputStream in = fs instanceof RawLocalFileSystem local
          ? Files.newInputStream(local.pathToFile(p).toPath()) : fs.open(p)) {
        content = in.readNBytes((int) maxBytes + 1);
      }
      if (content.length > maxBytes) {
        return ImageFile.failed(path, listedSize, ImageFile.FILE_TOO_LARGE,
            "file has more than " + maxBytes + " bytes");
      }
      return new ImageFile(path, listedSize != null ? listedSize : (long) content.length, content, null);
    } catch (IOException | RuntimeException | FSError e) { // local I/O errors surface as Hadoop's FSError
      Throwable cause = e instanceof FSError && e.getCause() != null ? e.getCause() : e;
      String message = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
      return ImageFile.failed(path, listedSize, ImageFile.UNREADABLE, message);
    }
  }

  /** Path.getFileSystem looks up the user and the cache on every call, a cost per file worth keeping out. */
  private FileSystem fileSystem(Path p) throws IOException {
    URI uri = p.toUri();
    String key = uri.getScheme() + "://" + uri.getAuthority();
    FileSystem fs = fileSystems.get(key);
    if (fs == null) {
      fs = p.getFileSystem(conf);
      if (fs instanceof LocalFileSystem local) {
        // Images carry no Hadoop .crc files; the checksumming wrapper would still look for one on every open.
        fs = local.getRawFileSystem();
      }
      fileSystems.put(key, fs);
    }
    return fs;
  }
}
