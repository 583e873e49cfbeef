package io.ferspark.groundtruth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The join key of an image path, so that the forms different tools write for the same file meet:
 * {@code file:/d/x.jpg}, {@code file:///d/x.jpg}, {@code file://localhost/d/x.jpg} and {@code /d/x.jpg}
 * all become {@code /d/x.jpg}; {@code s3a://b/k}, {@code s3n://b/k} and {@code s3://b/k} become
 * {@code s3://b/k}. Percent-escapes ({@code %20}) are decoded, since URIs encode what Hadoop paths
 * show raw; repeated slashes and {@code .}/{@code ..} segments are resolved; Unicode is NFC.
 */
public final class PathKey {

  private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$", Pattern.DOTALL);

  private PathKey() {}

  /** The key of an absolute path or URI. */
  public static String of(String path) {
    if (path == null) {
      return null;
    }
    String text = Normalizer.normalize(decodePercent(path.trim()), Normalizer.Form.NFC);
    var m = SCHEME.matcher(text);
    if (!m.matches() || text.startsWith("/")) {
      return normaliseSegments(text);
    }
    String scheme = m.group(1).toLowerCase(Locale.ROOT);
    String rest = m.group(2);
    if (scheme.equals("file")) {
      if (rest.startsWith("//")) {
        int slash = rest.indexOf('/', 2);
        rest = slash < 0 ? "/" : rest.substring(slash); // drop the (empty or localhost) authority
      }
      return normaliseSegments(rest);
    }
    if (scheme.equals("s3a") || scheme.equals("s3n")) {
      scheme = "s3";
    }
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      String authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
      String key = slash < 0 ? "/" : rest.substring(slash);
      return scheme + "://" + authority + normaliseSegments(key);
    }
    return scheme + ":" + normaliseSegments(rest);
  }

  /**
   * The key of a path as written in a manifest: relative paths ({@code happy/x.jpg}) are resolved
   * against {@code base}, the folder that holds the manifest.
   */
  public static String of(String path, String base) {
    if (path == null) {
      return null;
    }
    String trimmed = path.trim();
    if (base == null || isAbsolute(trimmed)) {
      return of(trimmed);
    }
    return of(base.endsWith("/") ? base + trimmed : base + "/" + trimmed);
  }

  /** Whether a path names its file on its own: it has a scheme or starts with '/'. */
  public static boolean isAbsolute(String path) {
    return path.startsWith("/") || SCHEME.matcher(path).matches() && path.indexOf(':') > 1;
  }

  private static String normaliseSegments(String path) {
    boolean absolute = path.startsWith("/");
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : path.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..") && !segments.isEmpty() && !segments.peekLast().equals("..")) {
        segments.removeLast();
      } else if (!(segment.equals("..") && absolute)) {
        segments.addLast(segment);
      }
    }
    return (absolute ? "/" : "") + String.join("/", segments);
  }

  /** Decodes %XX escapes (as UTF-8); a '%' not followed by two hex digits stays as it is. */
  static String decodePercent(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char ch = text.charAt(i);
      if (ch == '%' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
        bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
        i += 3;
        continue;
      }
      flush(bytes, out);
      out.append(ch);
      i++;
    }
    flush(bytes, out);
    return out.toString();
  }

  private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
    if (bytes.size() > 0) {
      out.append(bytes.toString(StandardCharsets.UTF_8));
      bytes.reset();
    }
  }

  private static boolean isHex(char ch) {
    return Character.digit(ch, 16) >= 0;
  }
}
