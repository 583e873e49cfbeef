package io.ferspark.jobs.storage;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Removes credentials from text before it reaches a log line, an exception message or an output
 * file: the user-info of URIs ({@code s3a://KEY:SECRET@bucket}), the signature parameters of
 * pre-signed URLs, and the values of the AWS credential environment variables.
 */
public final class Redaction {

  public static final String MASK = "***";

  // user-info is "name@" or "key:secret@"; AWS secret keys may hold an unescaped '/'.
  private static final Pattern URI_USER_INFO = Pattern.compile(
      "(?<=[A-Za-z][A-Za-z0-9+.-]{0,30}://)(?:[^/@\\s'\"`]+|[^/:@\\s'\"`]+:[^@\\s'\"`]+?)@");
  private static final Pattern SIGNED_URL_PARAMETER = Pattern.compile(
      "(?i)(X-Amz-(?:Signature|Credential|Security-Token)|AWSAccessKeyId|Signature)=[^&\\s'\"`]+");
  private static final List<String> SECRET_VARIABLES =
      List.of("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY_ID");

  private Redaction() {}

  /** {@code text} with every credential replaced by {@value #MASK}; null stays null. */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String redacted = URI_USER_INFO.matcher(text).replaceAll(MASK + "@");
    redacted = SIGNED_URL_PARAMETER.matcher(redacted).replaceAll("$1=" + MASK);
    for (String variable : SECRET_VARIABLES) {
      String value = System.getenv(variable);
      // Short values would mask ordinary words; real keys are 16+ characters.
      if (value != null && value.length() >= 8) {
        redacted = redacted.replace(value, MASK);
      }
    }
    return redacted;
  }

  /** True when {@code text} holds something {@link #redact} would mask. */
  public static boolean containsCredentials(String text) {
    return !Objects.equals(redact(text), text);
  }
}
