package org.sae4j.core.descriptor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.sae4j.harvest.ModelSpec;
import org.sae4j.harvest.Models;
import org.sae4j.harvest.Precision;

/** Reads and validates the {@code data} section; which keys are allowed depends on {@code data.source}. */
final class DataReader {
  private static final List<String> COMMON = List.of("source", "tokens", "evalTokens");
  private static final Map<String, List<String>> SOURCE_KEYS = Map.of(
      SyntheticData.SOURCE, List.of("dim", "trueFeatures", "meanActive", "frequencyExponent", "magnitudeMin",
          "magnitudeMax", "noise"),
      ArrowData.SOURCE, List.of("path", "column", "tokenColumn", "skipPositions", "skipTokenIds", "dtype"),
      HarvestData.SOURCE, List.of("model", "hook", "corpus", "window", "precision"));
  private static final Pattern SOURCES = Pattern.compile("synthetic|arrow|harvest");
  /** The largest float[] a JVM allocates. */
  static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
  /** Directory entries looked at for a "did you mean" about a missing corpus file. */
  private static final int MAX_SIBLINGS = 10_000;

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
    NumericLimits.check(d, NumericLimits.SYNTHETIC);
    return new SyntheticData(tokens, evalTokens, dim, trueFeatures, meanActive, exponent, magnitudeMin, magnitudeMax,
        noise);
  }

  private static ArrowData arrow(Section d, Path directory) throws DescriptorException {
    long tokens = d.integer("tokens", ArrowData.ALL_ROWS, 1, Long.MAX_VALUE);
    long evalTokens = evalTokens(d, tokens);
    String allowed = "allowed: an Arrow IPC file or stream, or a directory of them (a Hugging Face dataset "
        + "directory), relative to the descriptor's directory";
    Path path = resolve(d, "path", d.string("path", null, null, allowed), directory, allowed);
    String column = d.string("column", ArrowData.DEFAULT_COLUMN, null, "allowed: the name of the activation column");
    String tokenColumn = d.has("tokenColumn")
        ? d.string("tokenColumn", null, null, "allowed: the name of the token-id column of per-sequence rows") : null;
    AnalysisSection lists = new AnalysisSection(d, "data", directory);
    List<Integer> skipPositions = lists.integers("skipPositions", List.of(), 0, Integer.MAX_VALUE);
    List<Integer> skipTokenIds = lists.integers("skipTokenIds", List.of(), Integer.MIN_VALUE, Integer.MAX_VALUE);
    String dtype = d.string("dtype", ArrowData.AUTO_DTYPE, Pattern.compile("auto|bfloat16"),
        "allowed: auto (the Arrow value type: float16, float32 or float64) or bfloat16 (16-bit integers holding "
        + "bfloat16 bit patterns)");
    return new ArrowData(path, tokens, evalTokens, column, tokenColumn, skipPositions, skipTokenIds, dtype);
  }

  private static HarvestData harvest(Section d, Path directory) throws DescriptorException {
    long tokens = d.integer("tokens", null, 1, Long.MAX_VALUE);
    long evalTokens = evalTokens(d, tokens);
    ModelSpec model = model(d);
    String hook = hook(d, model);
    List<Path> corpus = corpus(d, directory);
    int window = d.intValue("window", HarvestData.DEFAULT_WINDOW, HarvestData.MIN_WINDOW, HarvestData.MAX_WINDOW);
    Precision precision = Precision.of(d.string("precision", Precision.FP32.key(), Pattern.compile("fp32|bf16"),
        "allowed: fp32 (the default) or bf16 (the model's linear layers in bfloat16; fast only on CPUs with "
        + "AVX512-BF16 or AMX)"));
    return new HarvestData(tokens, evalTokens, model.name(), hook, corpus, window, precision);
  }

  /** {@code data.model}: one of the models sae4j knows, looked up without loading it. */
  private static ModelSpec model(Section d) throws DescriptorException {
    List<String> known = Models.names();
    String allowed = "allowed: " + String.join(", ", known) + " (the models sae4j loads offline from Maven Central jars)";
    String name = d.string("model", null, null, allowed);
    if (!known.contains(name)) {
      throw d.error("model", "unknown model '" + name + "'", Suggestions.didYouMean(name, known) + allowed);
    }
    return Models.byName(name);
  }

  /** {@code data.hook}: {@code embed} or the residual stream after one of the model's blocks. */
  private static String hook(Section d, ModelSpec model) throws DescriptorException {
    int last = model.layers() - 1;
    String allowed = "allowed for " + model.name() + " (" + model.layers() + " blocks, numbered from 0): embed or "
        + "blocks.0.resid_post … blocks." + last + ".resid_post";
    String hook = d.string("hook", null, null, allowed);
    if (!HarvestData.HOOK.matcher(hook).matches()) {
      List<String> hooks = new ArrayList<>(List.of("embed"));
      for (int block = 0; block <= last; block++) {
        hooks.add("blocks." + block + ".resid_post");
      }
      throw d.error("hook", "'" + hook + "' is not a hook name", Suggestions.didYouMean(hook, hooks) + allowed);
    }
    if (HarvestData.blockOf(hook) > last) {
      throw d.error("hook", hook + " is past the last block of " + model.name(), allowed);
    }
    return hook;
  }

  /** {@code data.corpus}: one or more readable files, resolved against the descriptor's directory. */
  private static List<Path> corpus(Section d, Path directory) throws DescriptorException {
    String allowed = "allowed: a path or a list of paths of text files (.txt or .txt.gz), relative to the "
        + "descriptor's directory (" + directory + ")";
    List<String> texts = d.stringList("corpus", allowed);
    List<Path> corpus = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      Path file = resolve(d, "corpus", texts.get(i), directory, allowed);
      if (!Files.exists(file)) {
        throw d.itemError("corpus", i, "corpus file " + file + " does not exist", nearFile(file) + allowed);
      }
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw d.itemError("corpus", i, "corpus file " + file + (Files.isDirectory(file) ? " is a directory, not a file"
            : Files.isRegularFile(file) ? " is not readable" : " is not a regular file"), allowed);
      }
      corpus.add(file);
    }
    return corpus;
  }

  /** {@code "did you mean <sibling>? "} for a missing file whose name is a typo away from one beside it. */
  private static String nearFile(Path missing) {
    Path dir = missing.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      return "";
    }
    try (Stream<Path> siblings = Files.list(dir)) {
      List<String> names = siblings.limit(MAX_SIBLINGS).map(p -> p.getFileName().toString()).toList();
      String near = Suggestions.closest(missing.getFileName().toString(), names);
      return near == null ? "" : "did you mean " + dir.resolve(near) + "? ";
    } catch (IOException | UncheckedIOException e) {
      return ""; // only a suggestion
    }
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
