package io.ferspark.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image bytes (any format ImageIO reads: JPEG incl. CMYK/YCCK, PNG incl. 16-bit and alpha,
 * BMP, GIF first frame) to a bounded, upright grayscale raster. Large images are subsampled while
 * decoding so memory stays bounded, images over {@code maxPixels} are refused before their pixels
 * are read, and a JPEG's EXIF orientation is applied.
 */
public final class ImageDecoder {

  static {
    registerPlugins();
  }

  /** Default pixel limit: 64 megapixels (e.g. 8000 x 8000). */
  public static final long DEFAULT_MAX_PIXELS = 64L * 1024 * 1024;

  /** The decoder subsamples until the short side is at most this, keeping headroom over the 48 px input. */
  static final int MAX_DECODED_SHORT_SIDE = 192;

  private final long maxPixels;

  public ImageDecoder() {
    this(DEFAULT_MAX_PIXELS);
  }

  public ImageDecoder(long maxPixels) {
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("Cannot set max pixels to " + maxPixels + ": it must be positive");
    }
    this.maxPixels = maxPixels;
  }

  public long maxPixels() {
    return maxPixels;
  }

  /**
   * Registers the ImageIO plugins on this class's class path (the TwelveMonkeys JPEG reader). ImageIO's
   * registry scans only the class loader that first touched it; in a Spark executor that is not the
   * loader holding the application jar, so the scan is repeated here with the right loader.
   */
  private static void registerPlugins() {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try {
      thread.setContextClassLoader(ImageDecoder.class.getClassLoader());
      ImageIO.scanForPlugins();
    } finally {
      thread.setContextClassLoader(previous);
    }
    ImageIO.setUseCache(false); // decode from memory; the default spills streams to temporary files
  }

  public GrayImage decode(byte[] bytes) throws ImageDecodeException {
    if (bytes == null || bytes.length == 0) {
      throw new ImageDecodeException(ImageDecodeException.EMPTY, "file is empty (0 bytes)");
    }
    try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      List<ImageReaderSpi> readers = readersFor(input, JpegComponents.count(bytes) != 4);
      if (readers.isEmpty()) {
        throw new ImageDecodeException(
            ImageDecodeException.UNSUPPORTED, "not a recognised image format (JPEG, PNG, BMP or GIF expected)");
      }
      Exception firstFailure = null;
      for (ImageReaderSpi spi : readers) {
        ImageReader reader = spi.createReaderInstance();
        try {
          input.seek(0);
          reader.setInput(input, true, true);
          return ExifOrientation.apply(read(reader), ExifOrientation.read(bytes));
        } catch (IOException | RuntimeException e) {
          // ImageIO signals damaged data with IOException and, for some codecs, runtime exceptions;
          // another reader of the same format may still manage.
          firstFailure = firstFailure == null ? e : firstFailure;
        } finally {
          reader.dispose();
        }
      }
      throw new ImageDecodeException(ImageDecodeException.CORRUPT, "cannot decode image: " + describe(firstFailure), firstFailure);
    } catch (IOException e) {
      throw new ImageDecodeException(ImageDecodeException.CORRUPT, "cannot decode image: " + describe(e), e);
    }
  }

  /**
   * The readers that recognise the stream, in registry order (TwelveMonkeys' JPEG reader first) or,
   * with {@code jdkFirst}, the JDK's own first. For gray and YCbCr JPEGs the JDK's reader is the
   * faster (TwelveMonkeys parses every segment in Java, then hands the same data to it); CMYK and
   * YCCK JPEGs must go to TwelveMonkeys, since the JDK's reader decodes them to wrong colours
   * without an error.
   */
  private static List<ImageReaderSpi> readersFor(ImageInputStream input, boolean jdkFirst) throws IOException {
    List<ImageReaderSpi> found = new ArrayList<>();
    Iterator<ImageReaderSpi> all = IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, true);
    while (all.hasNext()) {
      ImageReaderSpi spi = all.next();
      input.mark();
      try {
        if (spi.canDecodeInput(input)) {
          found.add(spi);
        }
      } finally {
        input.reset();
      }
    }
    if (jdkFirst) {
      found.sort(Comparator.comparing((ImageReaderSpi spi) -> !spi.getClass().getName().startsWith("com.sun.imageio.")));
    }
    return found;
  }

  private GrayImage read(ImageReader reader) throws IOException, ImageDecodeException {
    int width = reader.getWidth(0);
    int height = reader.getHeight(0);
    long pixels = (long) width * height;
    if (width <= 0 || height <= 0) {
      throw new ImageDecodeException(ImageDecodeException.CORRUPT, "image has no pixels: " + width + "x" + height);
    }
    if (pixels > maxPixels) {
      throw new ImageDecodeException(
          ImageDecodeException.TOO_LARGE,
          "image is " + width + "x" + height + " (" + pixels + " pixels), over the limit of " + maxPixels + " pixels");
    }
    ImageReadParam param = reader.getDefaultReadParam();
    int step = Math.max(1, Math.min(width, height) / MAX_DECODED_SHORT_SIDE);
    if (step > 1) {
      param.setSourceSubsampling(step, step, 0, 0);
    }
    BufferedImage image = reader.read(0, param);
    return new GrayImage(width, height, image.getWidth(), image.getHeight(), toGray(image));
  }

  /** Luma (ITU-R BT.601) of each pixel; transparent pixels are composited over white. */
  static byte[] toGray(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    if (image.getType() == BufferedImage.TYPE_BYTE_GRAY
        && image.getRaster().getDataBuffer() instanceof DataBufferByte buffer
        && buffer.getData().length == w * h) {
      return buffer.getData().clone();
    }
    byte[] gray = new byte[w * h];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int argb = row[x];
        int a = argb >>> 24;
        int r = (argb >> 16) & 0xFF;
        int g = (argb >> 8) & 0xFF;
        int b = argb & 0xFF;
        int luma = (299 * r + 587 * g + 114 * b + 500) / 1000;
        gray[y * w + x] = (byte) ((luma * a + 255 * (255 - a) + 127) / 255);
      }
    }
    return gray;
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
