package org.sae4j.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-feature files: {@code features-data.js} (the index page's data, one compact row per feature, loaded by a
 * script tag so the page works from disk, where browsers refuse to fetch files) and {@code features.jsonl} (one JSON
 * object per feature, for other tools).
 */
final class FeatureIndex {
  private FeatureIndex() {
  }

  /**
   * {@code window.SAE_FEATURES = {...}}: columns [id, fires, log10 density or null, peak tokens, best neuron |corr|
   * or null, word or "", has a page].
   */
  static String script(FeatureTable table, List<Integer> paged) throws JsonProcessingException {
    Set<Integer> pages = new HashSet<>(paged);
    ObjectNode root = RunFiles.JSON.createObjectNode();
    root.put("tokens", table.tokens());
    root.put("features", table.features());
    ArrayNode rows = root.putArray("rows");
    FeatureTable.NeuronColumns n = table.neurons();
    for (int i = 0; i < table.features(); i++) {
      ArrayNode r = rows.addArray();
      r.add(i);
      r.add(table.fires(i));
      if (table.fires(i) > 0) {
        r.add(Math.round(Math.log10(table.density(i)) * 1000) / 1000.0);
      } else {
        r.addNull();
      }
      r.add(String.join(" ", table.peakTokens(i, 3)));
      if (n != null && i < n.correlation().length && Double.isFinite(n.correlation()[i])) {
        r.add(Math.round(Math.abs(n.correlation()[i]) * 1000) / 1000.0);
      } else {
        r.addNull();
      }
      r.add(table.word(i) == null ? "" : table.word(i));
      r.add(pages.contains(i));
    }
    return "window.SAE_FEATURES = " + RunFiles.JSON.writeValueAsString(root) + ";\n";
  }

  /** One line per feature: its statistics, its top contexts as text, and whether it has a page. */
  static String jsonl(FeatureTable table, List<Integer> paged, ReportThreads threads) throws IOException {
    Set<Integer> pages = new HashSet<>(paged);
    FeatureTable.NeuronColumns n = table.neurons();
    StringBuilder out = new StringBuilder();
    threads.map(table.features(), i -> {
      ObjectNode f = RunFiles.JSON.createObjectNode();
      f.put("feature", i);
      f.put("fires", table.fires(i));
      f.put("tokens", table.tokens());
      f.put("density", table.density(i));
      f.put("log10Density", Math.log10(table.density(i) + 1e-10));
      if (table.hasContexts()) {
        f.put("maxActivation", table.maxActivation(i));
        f.put("totalActivation", table.totalActivation(i));
        ArrayNode contexts = f.putArray("topContexts");
        for (Map<String, Object> c : table.contexts(i)) {
          ObjectNode o = contexts.addObject();
          o.put("activation", ((Number) c.get("activation")).doubleValue());
          o.put("text", FeatureTable.text(c));
        }
      }
      if (n != null && i < n.bestUnit().length && n.unit(i) != null) {
        f.put("bestNeuron", n.unit(i));
        f.put("bestNeuronCorrelation", n.correlation()[i]);
        f.put("specificity", n.specificity()[i]);
      }
      if (table.word(i) != null) {
        f.put("word", table.word(i));
      }
      f.put("page", pages.contains(i));
      return RunFiles.JSON.writeValueAsString(f);
    }).forEach(line -> out.append(line).append('\n'));
    return out.toString();
  }
}
