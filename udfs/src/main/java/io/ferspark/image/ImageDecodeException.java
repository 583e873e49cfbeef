package io.ferspark.image;

/** An image that cannot be turned into a model input; {@link #reason()} is a short machine-readable code. */
public final class ImageDecodeException extends Exception {

  /** The file has no bytes. */
  public static final String EMPTY = "empty_file";
  /** No decoder recognises the bytes (a text file, an unsupported format). */
  public static final String UNSUPPORTED = "unsupported_format";
  /** The header was read but the pixels could not be (truncated or damaged data). */
  public static final String CORRUPT = "corrupt_image";
  /** The image has more pixels than the configured limit (decompression-bomb guard). */
  public static final String TOO_LARGE = "too_many_pixels";

  private final String reason;

  public ImageDecodeException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public ImageDecodeException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
