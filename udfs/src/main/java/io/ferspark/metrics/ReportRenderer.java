package io.ferspark.metrics;

import io.ferspark.labels.Labels;
import java.util.List;
import java.util.Locale;

/**
 * Renders an {@link Evaluation} as {@code report.html}: one self-contained page (inline CSS and SVG,
 * no scripts, fonts or links) with the headline scores, coverage, the confusion-matrix heatmap,
 * per-class bars and the reliability diagram. The markup is also well-formed XML (XHTML syntax), so
 * any XML parser can check it.
 */
public final class ReportRenderer {

  private static final String SVG_NS = "http://www.w3.org/2000/svg";
  private static final String[] BAR_COLOURS = {"#4c78a8", "#f58518", "#54a24b"};
  private static final String STYLE = String.join("\n",
      "body{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:2em auto;max-width:960px;color:#222;padding:0 1em}",
      "h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ddd}",
      "table{border-collapse:collapse;margin:.5em 0}td,th{padding:.25em .75em;border-bottom:1px solid #eee;text-align:right}",
      "th:first-child,td:first-child{text-align:left}.meta{color:#666;font-size:.9em}",
      ".headline td{font-size:1.1em}.headline td.value{font-weight:600}svg text{font-size:12px}",
      ".warn{color:#a33}");

  private ReportRenderer() {}

  public static String render(Evaluation e) {
    StringBuilder h = new StringBuilder(32_000);
    h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
        .append("<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
        .append("<title>fer-spark evaluation</title>\n<style>\n").append(STYLE).append("\n</style>\n</head>\n<body>\n");
    h.append("<h1>Facial expression classifier: evaluation</h1>\n<p class=\"meta\">")
        .append("Model: ").append(escape(e.models().isEmpty() ? "unknown" : String.join(", ", e.models())))
        .append("<br/>Predictions: ").append(escape(e.predictionsSource()))
        .append("<br/>Ground truth: ").append(escape(e.groundTruthSource()))
        .append("<br/>Evaluated at: ").append(escape(e.evaluatedAt())).append("</p>\n");
    headline(h, e);
    coverage(h, e.coverage());
    confusion(h, e.confusion());
    perClass(h, e.confusion());
    reliability(h, e.calibration());
    confusedPairs(h, e.mostConfused());
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  private static void headline(StringBuilder h, Evaluation e) {
    ConfusionMatrix m = e.confusion();
    h.append("<section id=\"headline\">\n<h2>Headline</h2>\n<table class=\"headline\">\n");
    row(h, "Images evaluated", Long.toString(e.count()));
    row(h, "Accuracy", HeadlineTable.percent(e.accuracy()));
    row(h, "Top-2 accuracy", HeadlineTable.percent(e.top2Accuracy()));
    row(h, "Macro F1", HeadlineTable.decimal(m.macroF1()));
    row(h, "Weighted F1", HeadlineTable.decimal(m.weightedF1()));
    row(h, "Cohen's kappa", HeadlineTable.decimal(m.cohensKappa()));
    row(h, "Expected calibration error", HeadlineTable.decimal(e.expectedCalibrationError()));
    row(h, "Mean confidence", HeadlineTable.percent(e.calibration().meanConfidence()));
    h.append("</table>\n</section>\n");
  }

  private static void coverage(StringBuilder h, Coverage c) {
    h.append("<section id=\"coverage\">\n<h2>Coverage</h2>\n<table>\n");
    row(h, "Prediction rows", Long.toString(c.predictions()));
    row(h, "Prediction errors (status error)", Long.toString(c.predictionErrors()));
    row(h, "Duplicate prediction rows ignored", Long.toString(c.duplicatePredictions()));
    row(h, "Images with ground truth", Long.toString(c.groundTruth()));
    row(h, "Evaluated (ground truth and an ok prediction)", Long.toString(c.evaluated()));
    row(h, "Ground truth, prediction error", Long.toString(c.failed()));
    row(h, "Ground truth, no prediction", Long.toString(c.missingPredictions()));
    row(h, "Predictions without ground truth", Long.toString(c.withoutGroundTruth()));
    h.append("</table>\n");
    if (c.notEvaluated() + c.withoutGroundTruth() > 0) {
      h.append("<p class=\"warn\">Some images are not in the metrics: see the <code>unmatched</code> table.</p>\n");
    }
    h.append("</section>\n");
  }

  private static void confusion(StringBuilder h, ConfusionMatrix m) {
    int k = m.size();
    int cell = 72;
    int left = 90;
    int top = 40;
    int width = left + k * cell + 10;
    int height = top + k * cell + 40;
    double[][] rates = m.rowNormalised();
    h.append("<section id=\"confusion\">\n<h2>Confusion matrix</h2>\n")
        .append("<p class=\"meta\">Rows: true class; columns: predicted class. Each cell shows the count and the share of its row.</p>\n");
    svgOpen(h, width, height, "Confusion matrix heatmap");
    text(h, left + k * cell / 2.0, 14, "middle", "bold", "predicted");
    h.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" font-weight=\"bold\" "
        + "transform=\"rotate(-90 14 %.1f)\">true</text>\n", top + k * cell / 2.0, top + k * cell / 2.0));
    for (int c = 0; c < k; c++) {
      text(h, left + c * cell + cell / 2.0, top - 6, "middle", null, Labels.name(c));
      text(h, left - 6, top + c * cell + cell / 2.0 + 4, "end", null, Labels.name(c));
    }
    for (int t = 0; t < k; t++) {
      for (int p = 0; p < k; p++) {
        double rate = rates[t][p];
        int x = left + p * cell;
        int y = top + t * cell;
        h.append(String.format(Locale.ROOT, "<g class=\"cell\" data-truth=\"%s\" data-predicted=\"%s\" data-count=\"%d\">",
            Labels.name(t), Labels.name(p), m.count(t, p)));
        h.append("<title>").append(escape(String.format(Locale.ROOT, "%s predicted as %s: %d (%s of %s)",
            Labels.name(t), Labels.name(p), m.count(t, p), HeadlineTable.percent(rate), Labels.name(t)))).append("</title>");
        h.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#fff\"/>",
            x, y, cell, cell, heat(rate)));
        String ink = rate > 0.5 ? "#fff" : "#222";
        h.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\" font-weight=\"bold\">%d</text>",
            x + cell / 2.0, y + cell / 2.0 - 2, ink, m.count(t, p)));
        h.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\">%s</text>",
            x + cell / 2.0, y + cell / 2.0 + 14, ink, String.format(Locale.ROOT, "%.1f%%", 100 * rate)));
        h.append("</g>\n");
      }
    }
    h.append("</svg>\n</section>\n");
  }

  private static void perClass(StringBuilder h, ConfusionMatrix m) {
    List<ClassMetrics> rows = m.perClass();
    int group = 96;
    int bar = 22;
    int left = 40;
    int top = 30;
    int plot = 220;
    int width = left + rows.size() * group + 10;
    int height = top + plot + 40;
    h.append("<section id=\"per-class\">\n<h2>Per-class precision, recall and F1</h2>\n");
    svgOpen(h, width, height, "Per-class precision, recall and F1 bars");
    String[] names = {"precision", "recall", "F1"};
    for (int i = 0; i < names.length; i++) {
      h.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"8\" width=\"12\" height=\"12\" fill=\"%s\"/>",
          left + i * 110, BAR_COLOURS[i]));
      text(h, left + i * 110 + 16, 18, "start", null, names[i]);
    }
    for (int tick = 0; tick <= 4; tick++) {
      double y = top + plot - plot * tick / 4.0;
      h.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>",
          left, y, width - 10, y));
      text(h, left - 4, y + 4, "end", null, String.format(Locale.ROOT, "%.2f", tick / 4.0));
    }
    for (ClassMetrics row : rows) {
      double[] values = {row.precision(), row.recall(), row.f1()};
      int x0 = left + row.index() * group + 10;
      for (int i = 0; i < values.length; i++) {
        double barHeight = plot * values[i];
        h.append(String.format(Locale.ROOT,
            "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"><title>%s %s: %s</title></rect>",
            x0 + i * bar, top + plot - barHeight, bar - 2, barHeight, BAR_COLOURS[i], row.label(), names[i],
            HeadlineTable.decimal(values[i])));
      }
      text(h, x0 + 1.5 * bar, top + plot + 16, "middle", null, row.label());
      text(h, x0 + 1.5 * bar, top + plot + 30, "middle", null, "n=" + row.support());
    }
    h.append("</svg>\n<table>\n<tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th><th>predicted</th></tr>\n");
    for (ClassMetrics row : rows) {
      h.append("<tr><td>").append(row.label()).append("</td><td>").append(HeadlineTable.decimal(row.precision()))
          .append("</td><td>").append(HeadlineTable.decimal(row.recall())).append("</td><td>")
          .append(HeadlineTable.decimal(row.f1())).append("</td><td>").append(row.support()).append("</td><td>")
          .append(row.predicted()).append("</td></tr>\n");
    }
    h.append("</table>\n</section>\n");
  }

  private static void reliability(StringBuilder h, Calibration calibration) {
    int left = 50;
    int top = 20;
    int plot = 320;
    h.append("<section id=\"reliability\">\n<h2>Reliability diagram</h2>\n<p class=\"meta\">Accuracy of the predictions in each confidence bin; ")
        .append("a calibrated model follows the diagonal. Expected calibration error: ")
        .append(HeadlineTable.decimal(calibration.expectedCalibrationError())).append(" (").append(calibration.bins())
        .append(" bins).</p>\n");
    svgOpen(h, left + plot + 20, top + plot + 50, "Reliability diagram");
    h.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
        left, top, plot, plot));
    for (int tick = 0; tick <= 4; tick++) {
      double v = tick / 4.0;
      text(h, left - 4, top + plot - plot * v + 4, "end", null, String.format(Locale.ROOT, "%.2f", v));
      text(h, left + plot * v, top + plot + 16, "middle", null, String.format(Locale.ROOT, "%.2f", v));
    }
    text(h, left + plot / 2.0, top + plot + 36, "middle", null, "confidence");
    h.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">accuracy</text>\n",
        top + plot / 2.0, top + plot / 2.0));
    for (ReliabilityBin bin : calibration.reliability()) {
      if (bin.count() == 0) {
        continue;
      }
      double x = left + plot * bin.lower();
      double w = plot * (bin.upper() - bin.lower());
      double barHeight = plot * bin.accuracy();
      h.append(String.format(Locale.ROOT,
          "<rect class=\"bin\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4c78a8\" fill-opacity=\"0.8\" stroke=\"#fff\">"
              + "<title>confidence %.2f-%.2f: %d predictions, accuracy %s, mean confidence %s</title></rect>\n",
          x, top + plot - barHeight, w, barHeight, bin.lower(), bin.upper(), bin.count(),
          HeadlineTable.percent(bin.accuracy()), HeadlineTable.percent(bin.meanConfidence())));
      h.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#e45756\"/>\n",
          left + plot * bin.meanConfidence(), top + plot - plot * bin.accuracy()));
    }
    h.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#e45756\" stroke-dasharray=\"4 3\"/>\n",
        left, top + plot, left + plot, top));
    h.append("</svg>\n</section>\n");
  }

  private static void confusedPairs(StringBuilder h, List<ConfusedPair> pairs) {
    h.append("<section id=\"confused-pairs\">\n<h2>Most confused classes</h2>\n");
    if (pairs.isEmpty()) {
      h.append("<p>No misclassifications.</p>\n</section>\n");
      return;
    }
    h.append("<table>\n<tr><th>true class</th><th>predicted as</th><th>count</th><th>share of true class</th></tr>\n");
    for (ConfusedPair p : pairs) {
      h.append("<tr><td>").append(p.truth()).append("</td><td>").append(p.predicted()).append("</td><td>")
          .append(p.count()).append("</td><td>").append(HeadlineTable.percent(p.rate())).append("</td></tr>\n");
    }
    h.append("</table>\n</section>\n");
  }

  private static void svgOpen(StringBuilder h, int width, int height, String label) {
    h.append(String.format(Locale.ROOT, "<svg xmlns=\"%s\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">\n",
        SVG_NS, width, height, width, height, escape(label)));
  }

  private static void text(StringBuilder h, double x, double y, String anchor, String weight, String content) {
    h.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>%s</text>\n", x, y, anchor,
        weight == null ? "" : " font-weight=\"" + weight + "\"", escape(content)));
  }

  private static void row(StringBuilder h, String name, String value) {
    h.append("<tr><td>").append(escape(name)).append("</td><td class=\"value\">").append(escape(value)).append("</td></tr>\n");
  }

  /** White for 0 to dark blue for 1. */
  static String heat(double rate) {
    double r = Math.max(0, Math.min(1, rate));
    int red = (int) Math.round(255 + (8 - 255) * r);
    int green = (int) Math.round(255 + (81 - 255) * r);
    int blue = (int) Math.round(255 + (156 - 255) * r);
    return String.format(Locale.ROOT, "#%02x%02x%02x", red, green, blue);
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (char ch : text.toCharArray()) {
      switch (ch) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(ch < 0x20 && ch != '\n' && ch != '\t' ? ' ' : ch);
      }
    }
    return out.toString();
  }
}
