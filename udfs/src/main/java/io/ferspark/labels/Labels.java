package io.ferspark.labels;

import java.util.List;
import java.util.Locale;

/** The seven expression classes in their one fixed order; the model's output index i is {@code NAMES.get(i)}. */
public final class Labels {

  public static final List<String> NAMES =
      List.of("angry", "disgust", "fear", "happy", "neutral", "sad", "surprise");

  public static final int COUNT = NAMES.size();

  /**
   * Index of each original FER2013 CSV emotion code (0=angry 1=disgust 2=fear 3=happy 4=sad
   * 5=surprise 6=neutral) in {@link #NAMES}.
   */
  private static final int[] FER2013_CODE_TO_INDEX = {0, 1, 2, 3, 5, 6, 4};

  private Labels() {}

  /** The class name for a model output index. */
  public static String name(int index) {
    if (index < 0 || index >= COUNT) {
      throw new IllegalArgumentException(
          "Label index " + index + " is out of range: valid indices are 0.." + (COUNT - 1) + " for " + NAMES);
    }
    return NAMES.get(index);
  }

  /** The index of a class name (case-insensitive, surrounding blanks ignored). */
  public static int indexOf(String name) {
    int index = find(name);
    if (index < 0) {
      throw new IllegalArgumentException("Unknown label '" + name + "': valid labels are " + NAMES);
    }
    return index;
  }

  /** The index of a class name, or -1 when it is not one of {@link #NAMES}. */
  public static int find(String name) {
    return name == null ? -1 : NAMES.indexOf(name.trim().toLowerCase(Locale.ROOT));
  }

  /** Parses a label given either by name or by index ("happy" or "3"). */
  public static int parse(String nameOrIndex) {
    String text = nameOrIndex == null ? "" : nameOrIndex.trim();
    if (!text.isEmpty() && text.length() < 10 && text.chars().allMatch(Character::isDigit)) {
      int index = Integer.parseInt(text);
      name(index); // validates the range
      return index;
    }
    return indexOf(text);
  }

  /** Maps an emotion code of the original FER2013 CSV to an index in {@link #NAMES}. */
  public static int fromFer2013Code(int code) {
    if (code < 0 || code >= FER2013_CODE_TO_INDEX.length) {
      throw new IllegalArgumentException("FER2013 emotion code " + code + " is out of range 0..6");
    }
    return FER2013_CODE_TO_INDEX[code];
  }
}
