package io.ferspark.testing;

import io.ferspark.samples.SyntheticFaces;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/** Real image files of every awkward kind, made in memory: formats, colour models, damage, bombs. */
public final class TestImages {

  private TestImages() {}

  public static BufferedImage face(int labelIndex, int size, long seed) {
    return SyntheticFaces.draw(labelIndex, size, seed);
  }

  /** Encodes with the JDK's writer for {@code format} (png, jpg, bmp, gif). */
  public static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("No ImageIO writer for " + format + " and image type " + image.getType());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** An RGB copy of a gray image (so colour decoders run). */
  public static BufferedImage rgb(BufferedImage gray) {
    BufferedImage rgb = new BufferedImage(gray.getWidth(), gray.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    g.drawImage(gray, 0, 0, null);
    g.dispose();
    return rgb;
  }

  /** A PNG whose left half is opaque black and right half fully transparent (decodes to white there). */
  public static byte[] pngWithAlpha(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, x < width / 2 ? 0xFF000000 : 0x00000000);
      }
    }
    return encode(image, "png");
  }

  /** A 16-bit grayscale PNG: a horizontal ramp from 0 to 65535. */
  public static byte[] png16Bit(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
    WritableRaster raster = image.getRaster();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setSample(x, y, 0, x * 65535 / (width - 1));
      }
    }
    return encode(image, "png");
  }

  /**
   * A 4-channel (CMYK) JPEG, written raster-only by the JDK's encoder: ink 0 on the left half,
   * full black ink (K=255) on the right. The JDK's reader refuses such files.
   */
  public static byte[] cmykJpeg(int width, int height) {
    BufferedImage carrier = new BufferedImage(width, height, BufferedImage.TYPE_4BYTE_ABGR);
    WritableRaster raster = carrier.getRaster();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setPixel(x, y, new int[] {0, 0, 0, x < width / 2 ? 0 : 255});
      }
    }
    ImageWriter writer = jdkJpegWriter();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  private static ImageWriter jdkJpegWriter() {
    var writers = ImageIO.getImageWritersByFormatName("jpeg");
    ImageWriter fallback = null;
    while (writers.hasNext()) {
      ImageWriter w = writers.next();
      if (w.getClass().getName().startsWith("com.sun.")) {
        return w;
      }
      fallback = w;
    }
    return fallback;
  }

  /** The first {@code fraction} of the bytes: a JPEG cut off inside its entropy-coded data. */
  public static byte[] truncated(byte[] bytes, double fraction) {
    return Arrays.copyOf(bytes, (int) (bytes.length * fraction));
  }

  public static byte[] text(String content) {
    return content.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A valid, all-black 8-bit grayscale PNG of any size, deflated row by row so that even
   * 20,000 x 20,000 (400 megapixels) takes a few hundred KB and no large buffer.
   */
  public static byte[] hugePng(int width, int height) {
    try {
      ByteArrayOutputStream idat = new ByteArrayOutputStream();
      try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION))) {
        byte[] row = new byte[width + 1]; // filter byte 0 + zero pixels
        for (int y = 0; y < height; y++) {
          z.write(row);
        }
      }
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
      ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
      DataOutputStream header = new DataOutputStream(ihdr);
      header.writeInt(width);
      header.writeInt(height);
      header.write(new byte[] {8, 0, 0, 0, 0}); // 8-bit, grayscale, deflate, adaptive filter, no interlace
      chunk(png, "IHDR", ihdr.toByteArray());
      chunk(png, "IDAT", idat.toByteArray());
      chunk(png, "IEND", new byte[0]);
      return png.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
    DataOutputStream out = new DataOutputStream(png);
    out.writeInt(data.length);
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    out.write(typeBytes);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeInt((int) crc.getValue());
  }

  /** Inserts an APP1 Exif segment with the given orientation tag right after the JPEG's first segment. */
  public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    byte[] tiff = {
      'M', 'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, IFD0 at 8
      0, 1, // one entry
      0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // orientation, SHORT, count 1, value
      0, 0, 0, 0 // no next IFD
    };
    byte[] exif = new byte[6 + tiff.length];
    System.arraycopy("Exif".getBytes(StandardCharsets.US_ASCII), 0, exif, 0, 4);
    System.arraycopy(tiff, 0, exif, 6, tiff.length);
    int length = exif.length + 2;
    int insertAt = 2; // after SOI, or after APP0 (JFIF) when present
    if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
      insertAt = 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, insertAt);
    out.write(0xFF);
    out.write(0xE1);
    out.write(length >> 8);
    out.write(length & 0xFF);
    out.write(exif, 0, exif.length);
    out.write(jpeg, insertAt, jpeg.length - insertAt);
    return out.toByteArray();
  }

  /** A two-frame GIF: the first frame black, the second white. */
  public static byte[] twoFrameGif(int width, int height) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.prepareWriteSequence(null);
      for (Color color : new Color[] {Color.BLACK, Color.WHITE}) {
        BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED);
        Graphics2D g = frame.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), null);
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree("javax_imageio_gif_image_1.0");
        IIOMetadataNode control = new IIOMetadataNode("GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", "10");
        control.setAttribute("transparentColorIndex", "0");
        root.appendChild(control);
        metadata.setFromTree("javax_imageio_gif_image_1.0", root);
        writer.writeToSequence(new IIOImage(frame, null, metadata), null);
      }
      writer.endWriteSequence();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
