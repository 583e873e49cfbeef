package io.ferspark.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class ReportRendererTest {

  /** Parses the page with the JDK's XML parser (it must be well-formed) with external entities off. */
  static Document parse(String html) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    DocumentBuilder builder = factory.newDocumentBuilder();
    return builder.parse(new InputSource(new StringReader(html)));
  }

  /** The count of each heatmap cell, keyed "truth->predicted". */
  static Map<String, Long> heatmapCounts(Document doc) {
    Map<String, Long> counts = new HashMap<>();
    NodeList groups = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      if (g.getAttribute("class").equals("cell")) {
        long count = Long.parseLong(g.getAttribute("data-count"));
        // the number printed in the cell must be the count too
        assertEquals(Long.toString(count), g.getElementsByTagNameNS("*", "text").item(0).getTextContent());
        counts.put(g.getAttribute("data-truth") + "->" + g.getAttribute("data-predicted"), count);
      }
    }
    return counts;
  }

  @Test
  void reportIsWellFormedAndHoldsTheMatrix() throws Exception {
    Evaluation e = EvaluationTallyTest.sample();
    String html = ReportRenderer.render(e);
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    Document doc = parse(html);
    assertEquals("html", doc.getDocumentElement().getLocalName());

    Map<String, Long> counts = heatmapCounts(doc);
    assertEquals(49, counts.size());
    for (int t = 0; t < 7; t++) {
      for (int p = 0; p < 7; p++) {
        assertEquals(e.confusion().count(t, p),
            counts.get(io.ferspark.labels.Labels.name(t) + "->" + io.ferspark.labels.Labels.name(p)));
      }
    }
    assertEquals(3L, counts.get("happy->happy"));
    assertEquals(1L, counts.get("neutral->happy"));

    // three charts: heatmap, per-class bars, reliability diagram (one bar per non-empty bin)
    assertEquals(3, doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength());
    NodeList rects = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect");
    int bins = 0;
    for (int i = 0; i < rects.getLength(); i++) {
      bins += ((Element) rects.item(i)).getAttribute("class").equals("bin") ? 1 : 0;
    }
    assertEquals(4, bins);
  }

  @Test
  void pageIsSelfContained() {
    String html = ReportRenderer.render(EvaluationTallyTest.sample());
    assertFalse(html.contains("<script"), "no scripts");
    assertFalse(html.contains("<link"), "no stylesheets or fonts");
    assertFalse(html.contains("src="), "no external resources");
    assertFalse(html.contains("@import") || html.contains("url("), "no external CSS");
    assertTrue(html.contains("66.67%"), "headline accuracy shown");
  }

  @Test
  void escapesSourcesAndRendersAnEmptyEvaluation() throws Exception {
    Evaluation empty = new EvaluationTally(15).toEvaluation(new Coverage(2, 2, 0, 0, 0, 0, 0, 2),
        List.of("m<1>&\"x\""), "/tmp/a&b <c>", "s3a://bucket/x'y", "now");
    Document doc = parse(ReportRenderer.render(empty));
    assertTrue(doc.getDocumentElement().getTextContent().contains("/tmp/a&b <c>"));
    assertEquals(0L, heatmapCounts(doc).get("angry->angry"));
  }

  @Test
  void heatColoursRunFromWhiteToBlue() {
    assertEquals("#ffffff", ReportRenderer.heat(0));
    assertEquals("#08519c", ReportRenderer.heat(1));
  }
}
