package org.sae4j.core.descriptor;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads and validates the {@code data} section; which keys are allowed depends on {@code data.source}. */
final class DataReader {
  private static final List<String> COMMON = List.of("source", "tokens", "evalTokens");
  private static final Map<String, List<String>> SOURCE_KEYS = Map.of(
      SyntheticData.SOURCE, List.of("dim", "trueFeatures", "meanActive", "frequencyExponent", "magnitudeMin",
          "magnitudeMax", "noise"),
      ArrowData.SOURCE, List.of("path"),
      HarvestData.SOURCE, List.of("model", "hook", "corpus", "window"));
  private static final Pattern SOURCES = Pattern.compile("synthetic|arrow|harvest");
  /** The largest float[] a JVM allocates. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private DataReader() {
  }

  static DataSpec read(Section data, Path directory) throws DescriptorException {
    String source = data.string("source", null, SOURCES, "allowed: synthetic, arrow, harvest");
    List<String> allowed = new ArrayList<>(COMMON);
    allowed.addAll(SOURCE_KEYS.get(source));
    for (String key : data.entries().keySet()) {
      for (Map.Entry<String, List<String>> other : SOURCE_KEYS.entrySet()) {
        if (!allowed.contains(key) && other.getValue().contains(key)) {
          throw data.error(key, "is only allowed when data.source is " + other.getKey()
              + " (here data.source is " + source + ")", "keys allowed with data.source " + source + ": "
              + String.join(", ", allowed));
        }
      }
    }
    data.allowOnly(allowed);
    return switch (source) {
      case SyntheticData.SOURCE -> synthetic(data);
      case ArrowData.SOURCE -> arrow(data, directory);
      default -> harvest(data, directory);
    };
  }

  private static SyntheticData synthetic(Section d) throws DescriptorException {
    long tokens = d.integer("tokens", null, 1, Long.MAX_VALUE);
    long evalTokens = evalTokens(d, tokens);
    int dim = d.intValue("dim", null, 1, SyntheticData.MAX_DIM);
    int trueFeatures = d.intValue("trueFeatures", null, 1, Integer.MAX_VALUE);
    if (trueFeatures <= dim) {
      throw d.error("trueFeatures", trueFeatures + " is not greater than data.dim (" + dim + ")",
          "allowed: trueFeatures > dim, so that the planted features are in superposition");
    }
    if ((long) trueFeatures * dim > MAX_ARRAY) {
      throw d.error("trueFeatures", trueFeatures + " features of dimension " + dim + " need " + (long) trueFeatures * dim
          + " floats, more than one Java array holds", "allowed: trueFeatures × dim <= " + MAX_ARRAY);
    }
    double meanActive = d.number("meanActive", 5.0, Range.above(0));
    if (!(meanActive < trueFeatures)) {
      String which = d.has("meanActive") ? "meanActive" : "trueFeatures";
      throw d.error(which, "data.meanActive (" + Goal.plain(meanActive) + (d.has("meanActive") ? "" : ", the default")
          + ") is not less than data.trueFeatures (" + trueFeatures + ")", "allowed: 0 < meanActive < trueFeatures");
    }
    double exponent = d.number("frequencyExponent", 1.0, Range.atLeast(0));
    double magnitudeMin = d.number("magnitudeMin", 0.5, Range.atLeast(0));
    double magnitudeMax = d.number("magnitudeMax", 1.5, Range.atLeast(0));
    if (magnitudeMin > magnitudeMax) {
      String which = d.has("magnitudeMax") ? "magnitudeMax" : "magnitudeMin";
      throw d.error(which, "data.magnitudeMin (" + Goal.plain(magnitudeMin) + ") is greater than data.magnitudeMax ("
          + Goal.plain(magnitudeMax) + ")", "allowed: 0 <= magnitudeMin <= magnitudeMax (defaults 0.5 and 1.5)");
    }
    double noise = d.number("noise", 0.01, Range.atLeast(0));
    return new SyntheticData(tokens, evalTokens, dim, trueFeatures, meanActive, exponent, magnitudeMin, magnitudeMax,
        noise);
  }

  private static ArrowData arrow(Section d, Path directory) throws DescriptorException {
    long tokens = d.integer("tokens", ArrowData.ALL_ROWS, 1, Long.MAX_VALUE);
    long evalTokens = evalTokens(d, tokens);
    String allowed = "allowed: an Arrow IPC file or a directory of them, relative to the descriptor's directory";
    Path path = resolve(d, "path", d.string("path", null, null, allowed), directory, allowed);
    return new ArrowData(path, tokens, evalTokens);
  }

  private static HarvestData harvest(Section d, Path directory) throws DescriptorException {
    long tokens = d.integer("tokens", null, 1, Long.MAX_VALUE);
    long evalTokens = evalTokens(d, tokens);
    String model = d.string("model", null, null, "allowed: a model name, e.g. all-minilm-l6-v2");
    String hook = d.string("hook", null, HarvestData.HOOK, "allowed: embed or blocks.<N>.resid_post, e.g. "
        + "blocks.3.resid_post");
    String corpusAllowed = "allowed: a path or a list of paths of text files (.txt or .txt.gz), relative to the "
        + "descriptor's directory";
    List<Path> corpus = new ArrayList<>();
    for (String p : d.stringList("corpus", corpusAllowed)) {
      corpus.add(resolve(d, "corpus", p, directory, corpusAllowed));
    }
    int window = d.intValue("window", HarvestData.DEFAULT_WINDOW, HarvestData.MIN_WINDOW, HarvestData.MAX_WINDOW);
    return new HarvestData(tokens, evalTokens, model, hook, corpus, window);
  }

  /** {@code data.evalTokens}: explicit or the default, and in either case fewer than the tokens when those are known. */
  private static long evalTokens(Section d, long tokens) throws DescriptorException {
    long eval = d.integer("evalTokens", DataSpec.defaultEvalTokens(tokens), 1, Long.MAX_VALUE);
    if (tokens > 0 && eval >= tokens) {
      if (d.has("evalTokens")) {
        throw d.error("evalTokens", eval + " is not less than data.tokens (" + tokens + ")",
            "allowed: 1 <= evalTokens < tokens; the evaluation tokens are held out of data.tokens");
      }
      throw d.error("tokens", tokens + " leaves no tokens for training after the default data.evalTokens (" + eval
          + ")", "allowed: tokens > evalTokens");
    }
    return eval;
  }

  private static Path resolve(Section d, String key, String text, Path directory, String allowed)
      throws DescriptorException {
    try {
      return directory.resolve(text).normalize();
    } catch (InvalidPathException e) {
      throw d.error(key, "'" + text + "' is not a valid path: " + e.getReason(), allowed);
    }
  }
}
