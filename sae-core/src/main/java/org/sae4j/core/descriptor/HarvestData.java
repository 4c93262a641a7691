package org.sae4j.core.descriptor;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.sae4j.harvest.Precision;

/**
 * {@code data.source: harvest}: activations read from a real model at a hook point while it runs over a corpus.
 *
 * @param tokens tokens to harvest (> 0)
 * @param evalTokens tokens held out for evaluation (at least 1, fewer than tokens)
 * @param model model name, e.g. {@code all-minilm-l6-v2}; {@link DescriptorReader} accepts only known models
 * @param hook {@code embed} or {@code blocks.<N>.resid_post} (residual stream after block N, 0-based); the reader
 *     accepts only blocks the model has
 * @param corpus absolute paths of the corpus files, in order (at least one); the reader accepts only readable files
 * @param window tokens per window including [CLS] and [SEP], 8..512
 * @param precision the number format of the model's linear layers during the harvest ({@code data.precision})
 */
public record HarvestData(long tokens, long evalTokens, String model, String hook, List<Path> corpus, int window,
    Precision precision) implements DataSpec {
  /** The {@code data.source} value. */
  public static final String SOURCE = "harvest";
  /** Allowed hook names. */
  public static final Pattern HOOK = Pattern.compile("embed|blocks\\.\\d{1,9}\\.resid_post");
  /** Default of {@code data.window}. */
  public static final int DEFAULT_WINDOW = 128;
  /** Smallest allowed {@code window}. */
  public static final int MIN_WINDOW = 8;
  /** Largest allowed {@code window}: BERT's position limit. */
  public static final int MAX_WINDOW = 512;

  public HarvestData {
    TokenCounts.check(tokens, evalTokens, false);
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(precision, "precision");
    if (model.isBlank() || !HOOK.matcher(hook).matches() || window < MIN_WINDOW || window > MAX_WINDOW) {
      throw new IllegalArgumentException("bad harvest data: model '" + model + "', hook '" + hook + "', window "
          + window);
    }
    corpus = List.copyOf(corpus);
    if (corpus.isEmpty() || !corpus.stream().allMatch(Path::isAbsolute)) {
      throw new IllegalArgumentException("corpus must be a non-empty list of absolute paths, got " + corpus);
    }
  }

  /** A float32 harvest. */
  public HarvestData(long tokens, long evalTokens, String model, String hook, List<Path> corpus, int window) {
    this(tokens, evalTokens, model, hook, corpus, window, Precision.FP32);
  }

  @Override
  public String source() {
    return SOURCE;
  }

  /** The block index of a {@code blocks.N.resid_post} hook, or -1 for {@code embed}. */
  public int block() {
    return blockOf(hook);
  }

  /** The block index of a hook name matching {@link #HOOK}, or -1 for {@code embed}. */
  static int blockOf(String hook) {
    return hook.equals("embed") ? -1 : Integer.parseInt(hook.substring("blocks.".length(), hook.lastIndexOf('.')));
  }
}
