package io.ferspark.inference;

/**
 * One input file as the labeler sees it: its path, its size in bytes (null when unknown), and
 * either its content or the reason it could not be read ({@code "<reason>: <message>"}).
 */
public record ImageFile(String path, Long size, byte[] content, String error) {

  /** Could not be read (no permission, vanished, I/O error, over the size limit). */
  public static final String UNREADABLE = "unreadable";
  /** Larger than the configured byte limit; not read at all. */
  public static final String FILE_TOO_LARGE = "file_too_large";

  public static ImageFile of(String path, byte[] content) {
    return new ImageFile(path, (long) content.length, content, null);
  }

  public static ImageFile failed(String path, Long size, String reason, String message) {
    return new ImageFile(path, size, null, reason + ": " + message);
  }
}
