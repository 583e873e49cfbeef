package io.ferspark.groundtruth;

import io.ferspark.labels.Labels;
import java.util.Locale;

/**
 * How a manifest's numeric labels are meant: as indices into {@link Labels#NAMES} (this project's
 * order) or as the emotion codes of the original FER2013 CSV. Names are accepted either way.
 */
public enum LabelIndexOrder {
  /** 0=angry 1=disgust 2=fear 3=happy 4=neutral 5=sad 6=surprise. */
  LABELS,
  /** 0=angry 1=disgust 2=fear 3=happy 4=sad 5=surprise 6=neutral. */
  FER2013;

  /** The class index of a manifest label, given by name or number; unknown values fail listing the valid ones. */
  public int parse(String nameOrIndex) {
    String text = nameOrIndex == null ? "" : nameOrIndex.trim();
    boolean numeric = !text.isEmpty() && text.length() < 10 && text.chars().allMatch(Character::isDigit);
    if (!numeric) {
      return Labels.indexOf(text);
    }
    int value = Integer.parseInt(text);
    if (value >= Labels.COUNT) {
      throw new IllegalArgumentException("Unknown label '" + text + "': valid labels are " + Labels.NAMES
          + " or their indices 0.." + (Labels.COUNT - 1) + " (" + describe() + ")");
    }
    return this == LABELS ? value : Labels.fromFer2013Code(value);
  }

  /** The option value for this order. */
  public String optionValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  private String describe() {
    StringBuilder out = new StringBuilder();
    for (int code = 0; code < Labels.COUNT; code++) {
      out.append(code == 0 ? "" : " ").append(code).append('=').append(Labels.name(this == LABELS ? code : Labels.fromFer2013Code(code)));
    }
    return out.toString();
  }
}
