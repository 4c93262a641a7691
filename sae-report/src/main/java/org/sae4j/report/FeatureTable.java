package org.sae4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Every feature's statistics gathered from the run's files: its firing count and density (evaluation.json), its top
 * contexts (the topContexts analysis), its activation histogram, contexts with every token's activation and samples
 * from lower quantiles (the dashboard analysis), its best neuron and proxy (the neurons analysis) and the word it is
 * dedicated to (the completeness analysis). What a run lacks is simply absent.
 */
final class FeatureTable {
  /** Context tokens shown before and after the peak token. */
  static final int BEFORE = 12;
  static final int AFTER = 8;

  private final int features;
  private final long tokens;
  private final long[] fires;
  private final Map<Integer, JsonNode> top = new HashMap<>();
  private final Map<Long, int[]> windows = new HashMap<>();
  private final Map<Integer, JsonNode> dashboards = new HashMap<>();
  private final Map<Integer, String> words = new HashMap<>();
  private final IntFunction<String> token;
  private final NeuronColumns neurons;

  /** The neurons analysis's per-feature columns. */
  record NeuronColumns(List<String> unitNames, int[] bestUnit, double[] correlation, double[] specificity) {
    String unit(int feature) {
      int u = bestUnit[feature];
      return u < 0 ? null : unitNames.get(u);
    }
  }

  /**
   * @param files the run
   * @param features m
   * @param token the text of a token id, or null for data without tokens
   */
  FeatureTable(RunFiles files, int features, IntFunction<String> token) {
    this.features = features;
    this.token = token;
    long[] counts = files.fireCounts();
    this.fires = counts != null && counts.length == features ? counts : new long[features];
    this.tokens = files.evaluatedTokens();
    files.analysis("topContexts").ifPresent(t -> {
      t.path("features").forEach(f -> top.put(f.path("feature").asInt(), f));
      t.path("windows").properties().forEach(e -> windows.put(Long.parseLong(e.getKey()), ints(e.getValue())));
    });
    files.analysis("dashboard").ifPresent(d -> d.path("features").forEach(f -> dashboards.put(
        f.path("feature").asInt(), f)));
    files.analysis("completeness").ifPresent(c -> c.path("words").forEach(w -> {
      if (w.path("hasFeature").asBoolean()) {
        words.merge(w.path("bestFeature").asInt(), w.path("word").asText(), (a, b) -> a + ", " + b);
      }
    }));
    this.neurons = files.analysis("neurons").map(FeatureTable::neuronColumns).orElse(null);
  }

  private static NeuronColumns neuronColumns(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.path("groups").forEach(g -> {
      for (int j = 0; j < g.path("width").asInt(); j++) {
        names.add(g.path("name").asText() + "[" + j + "]");
      }
    });
    return new NeuronColumns(names, ints(n.path("bestUnit")), doubles(n.path("bestCorrelation")),
        doubles(n.path("featureSpecificity")));
  }

  static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble(Double.NaN);
    }
    return out;
  }

  int features() {
    return features;
  }

  long tokens() {
    return tokens;
  }

  long fires(int feature) {
    return fires[feature];
  }

  /** The firing rate on held-out tokens (0 when not evaluated). */
  double density(int feature) {
    return tokens == 0 ? 0 : (double) fires[feature] / tokens;
  }

  boolean hasContexts() {
    return !top.isEmpty();
  }

  NeuronColumns neurons() {
    return neurons;
  }

  /** The feature's dashboard (activation histogram, shaded contexts, quantile samples), or null. */
  JsonNode dashboard(int feature) {
    return dashboards.get(feature);
  }

  /** The word the feature is dedicated to (completeness), or null. */
  String word(int feature) {
    return words.get(feature);
  }

  /** Total activation on the held-out tokens (topContexts), 0 when unknown. */
  double totalActivation(int feature) {
    JsonNode f = top.get(feature);
    return f == null ? 0 : f.path("totalActivation").asDouble();
  }

  /** The largest activation on the held-out tokens (dashboard or topContexts), 0 when unknown. */
  double maxActivation(int feature) {
    JsonNode d = dashboards.get(feature);
    if (d != null && !d.path("top").isEmpty()) {
      return d.path("top").get(0).path("activation").asDouble();
    }
    JsonNode f = top.get(feature);
    return f == null || f.path("contexts").isEmpty() ? 0 : f.path("contexts").get(0).path("activation").asDouble();
  }

  /**
   * The features that get a page: the {@code count} most active, by total activation where the top contexts are
   * known, else by firing count (ties by index).
   */
  List<Integer> mostActive(int count) {
    Comparator<Integer> order = hasContexts()
        ? Comparator.comparingDouble((Integer i) -> -totalActivation(i))
        : Comparator.comparingLong((Integer i) -> -fires[i]);
    List<Integer> alive = new ArrayList<>();
    for (int i = 0; i < features; i++) {
      if (fires[i] > 0) {
        alive.add(i);
      }
    }
    alive.sort(order.thenComparingInt(i -> i));
    return alive.subList(0, Math.min(count, alive.size()));
  }

  /**
   * The feature's strongest contexts, each a list of tokens with the activation to shade them by: every token's
   * own activation when the dashboard recorded it, else only the peak's. Shading is relative to the feature's largest
   * activation, so weaker contexts look weaker.
   */
  List<Map<String, Object>> contexts(int feature) {
    JsonNode dash = dashboards.get(feature);
    if (dash != null && token != null) {
      List<Map<String, Object>> out = new ArrayList<>();
      double scale = maxActivation(feature);
      dash.path("top").forEach(c -> out.add(shaded(c, scale, null)));
      return out;
    }
    List<Map<String, Object>> out = new ArrayList<>();
    JsonNode f = top.get(feature);
    if (f == null || token == null) {
      return out;
    }
    double scale = maxActivation(feature);
    for (JsonNode c : f.path("contexts")) {
      int[] ids = windows.get(c.path("sequence").asLong());
      if (ids == null) {
        continue;
      }
      int peak = c.path("position").asInt();
      double a = c.path("activation").asDouble();
      List<Map<String, Object>> toks = new ArrayList<>();
      for (int p = Math.max(1, peak - BEFORE); p <= Math.min(ids.length - 1, peak + AFTER); p++) {
        if (ids[p] >= 0) {
          toks.add(tokenCell(ids[p], p == peak ? a : 0, scale, p == peak));
        }
      }
      out.add(context(a, toks, null));
    }
    return out;
  }

  /** Contexts the dashboard sampled uniformly from the feature's firings, with their quantile; empty without one. */
  List<Map<String, Object>> samples(int feature) {
    JsonNode dash = dashboards.get(feature);
    List<Map<String, Object>> out = new ArrayList<>();
    if (dash == null || token == null) {
      return out;
    }
    double scale = maxActivation(feature);
    dash.path("samples").forEach(s -> out.add(shaded(s.path("context"), scale, s.path("quantile").asDouble())));
    return out;
  }

  private Map<String, Object> shaded(JsonNode c, double scale, Double quantile) {
    JsonNode ids = c.path("tokens");
    JsonNode acts = c.path("activations");
    int at = c.path("peak").asInt();
    List<Map<String, Object>> toks = new ArrayList<>();
    for (int k = 0; k < ids.size(); k++) {
      toks.add(tokenCell(ids.get(k).asInt(), acts.get(k).asDouble(), scale, k == at));
    }
    return context(c.path("activation").asDouble(), toks, quantile);
  }

  private Map<String, Object> tokenCell(int id, double activation, double scale, boolean peak) {
    String piece = token == null ? "#" + id : token.apply(id);
    boolean continuation = piece.startsWith("##");
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("text", continuation ? piece.substring(2) : piece);
    t.put("space", !continuation);
    t.put("activation", activation);
    // Shade by the share of the feature's largest activation.
    t.put("alpha", scale > 0 ? Math.max(0, Math.min(1, activation / scale)) : 0);
    t.put("peak", peak);
    return t;
  }

  private static Map<String, Object> context(double activation, List<Map<String, Object>> tokens, Double quantile) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("activation", activation);
    c.put("tokens", tokens);
    if (quantile != null) {
      c.put("quantile", quantile);
    }
    return c;
  }

  /** The context's text with the peak in double brackets (for features.jsonl and the index). */
  static String text(Map<String, Object> context) {
    StringBuilder s = new StringBuilder();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> toks = (List<Map<String, Object>>) context.get("tokens");
    for (Map<String, Object> t : toks) {
      if ((Boolean) t.get("space") && !s.isEmpty()) {
        s.append(' ');
      }
      s.append((Boolean) t.get("peak") ? "[[" + t.get("text") + "]]" : t.get("text"));
    }
    return s.toString();
  }

  /** The most common peak tokens of the feature's top contexts, most common first, at most {@code limit}. */
  List<String> peakTokens(int feature, int limit) {
    JsonNode f = top.get(feature);
    if (f == null || token == null) {
      return List.of();
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (JsonNode c : f.path("contexts")) {
      int[] ids = windows.get(c.path("sequence").asLong());
      int p = c.path("position").asInt();
      if (ids != null && p < ids.length && ids[p] >= 0) {
        counts.merge(token.apply(ids[p]).replace("##", ""), 1, Integer::sum);
      }
    }
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(limit).map(Map.Entry::getKey).toList();
  }
}
