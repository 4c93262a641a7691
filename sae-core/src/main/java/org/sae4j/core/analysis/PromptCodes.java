package org.sae4j.core.analysis;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sae4j.harvest.HookPoint;
import org.sae4j.harvest.TokenWindow;
import org.sae4j.harvest.TransformerModel;
import org.sae4j.kernels.SparseCodes;

/**
 * One prompt as the dictionary sees it at the hook: its window, the hook's content rows x_t and their codes f(x_t).
 *
 * @param text the prompt
 * @param window {@code [CLS] tokens [SEP]}
 * @param rows x_t for every content token, original scale, {@code tokens × dim}
 * @param codes f(x_t), one row per content token
 */
record PromptCodes(String text, TokenWindow window, float[] rows, SparseCodes codes) {

  /**
   * Tokenises and encodes a prompt.
   *
   * @throws IllegalArgumentException naming the prompt when it has no token
   */
  static PromptCodes of(TransformerModel model, HookPoint hook, Dictionary dictionary, long sequence, String text) {
    TokenWindow window = model.tokenise(sequence, text);
    if (window.contentLength() == 0) {
      throw new IllegalArgumentException("prompt \"" + text + "\" has no tokens: give a prompt with words in it");
    }
    float[] rows = model.read(List.of(window), hook).rows();
    return new PromptCodes(text, window, rows, dictionary.encode(rows));
  }

  /** Content tokens. */
  int tokens() {
    return window.contentLength();
  }

  /** Every feature active on some token, by index: its activations f_i·‖d_i‖ over the tokens. */
  Map<Integer, FeatureOnPrompt> features(Dictionary dictionary) {
    Map<Integer, FeatureOnPrompt> out = new TreeMap<>();
    for (int t = 0; t < tokens(); t++) {
      for (int k = codes.start(t); k < codes.end(t); k++) {
        int i = codes.index(k);
        double a = codes.value(k) * dictionary.norm(i);
        out.computeIfAbsent(i, f -> new FeatureOnPrompt(i, tokens())).add(t, a);
      }
    }
    return out;
  }

  /** One feature's activations over a prompt's tokens. */
  static final class FeatureOnPrompt {
    final int feature;
    final double[] activation;
    int peak = -1;

    FeatureOnPrompt(int feature, int tokens) {
      this.feature = feature;
      this.activation = new double[tokens];
    }

    void add(int token, double a) {
      activation[token] = a;
      if (peak < 0 || a > activation[peak]) {
        peak = token;
      }
    }

    /** The largest activation over the tokens. */
    double max() {
      return activation[peak];
    }

    /** The mean over all the prompt's tokens (0 where inactive). */
    double mean() {
      return sum() / activation.length;
    }

    double sum() {
      double s = 0;
      for (double a : activation) {
        s += a;
      }
      return s;
    }
  }
}
