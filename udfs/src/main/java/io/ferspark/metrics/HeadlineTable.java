package io.ferspark.metrics;

import java.util.Locale;

/** The plain-text summary an evaluation prints on the console: headline scores, per-class table, coverage. */
public final class HeadlineTable {

  private HeadlineTable() {}

  public static String format(Evaluation e) {
    ConfusionMatrix m = e.confusion();
    Coverage c = e.coverage();
    StringBuilder out = new StringBuilder();
    line(out, "Evaluated %d images%s", e.count(), e.models().isEmpty() ? "" : " labeled by " + String.join(", ", e.models()));
    line(out, "  %-16s %s", "accuracy", percent(e.accuracy()));
    line(out, "  %-16s %s", "top-2 accuracy", percent(e.top2Accuracy()));
    line(out, "  %-16s %s", "macro F1", decimal(m.macroF1()));
    line(out, "  %-16s %s", "weighted F1", decimal(m.weightedF1()));
    line(out, "  %-16s %s", "Cohen's kappa", decimal(m.cohensKappa()));
    line(out, "  %-16s %s", "ECE", decimal(e.expectedCalibrationError()));
    line(out, "");
    line(out, "  %-10s %9s %9s %9s %9s %9s", "class", "precision", "recall", "f1", "support", "predicted");
    for (ClassMetrics row : m.perClass()) {
      line(out, "  %-10s %9s %9s %9s %9d %9d", row.label(), decimal(row.precision()), decimal(row.recall()),
          decimal(row.f1()), row.support(), row.predicted());
    }
    if (!e.mostConfused().isEmpty()) {
      StringBuilder pairs = new StringBuilder();
      for (ConfusedPair p : e.mostConfused()) {
        pairs.append(pairs.length() == 0 ? "" : ", ")
            .append(String.format(Locale.ROOT, "%s->%s %d (%s)", p.truth(), p.predicted(), p.count(), percent(p.rate())));
      }
      line(out, "");
      line(out, "  most confused: %s", pairs);
    }
    line(out, "");
    line(out, "  not evaluated: %d with ground truth but no prediction, %d prediction errors with ground truth, "
        + "%d predictions without ground truth (%d prediction errors in all, %d duplicate rows ignored)",
        c.missingPredictions(), c.failed(), c.withoutGroundTruth(), c.predictionErrors(), c.duplicatePredictions());
    return out.toString();
  }

  static String percent(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * value);
  }

  static String decimal(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
