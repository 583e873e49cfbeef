package io.ferspark.image;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The file name extensions fer-spark reads as images: one list for training and labeling alike. */
public final class ImageFormats {

  /** Lower-case extensions, without the dot. */
  public static final List<String> EXTENSIONS = List.of("jpg", "jpeg", "png", "bmp", "gif");

  /** A Hadoop glob for Spark's {@code pathGlobFilter}; globs are case-sensitive, so both cases are listed. */
  public static final String HADOOP_GLOB = "*.{" + Stream.concat(EXTENSIONS.stream(),
      EXTENSIONS.stream().map(e -> e.toUpperCase(Locale.ROOT))).collect(Collectors.joining(",")) + "}";

  private ImageFormats() {}

  /** Whether a file name ends in one of {@link #EXTENSIONS}, in any case. */
  public static boolean isImageName(String name) {
    int dot = name.lastIndexOf('.');
    return dot >= 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}
