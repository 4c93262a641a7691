package org.sae4j.core.analysis;

import java.util.List;
import java.util.function.UnaryOperator;
import org.sae4j.harvest.HookPoint;
import org.sae4j.harvest.TokenWindow;
import org.sae4j.harvest.TransformerModel;

/**
 * Downstream fidelity for an embedding model (docs/metrics.md): splice the SAE's reconstruction in at the hook, run the rest
 * of the model, and compare the pooled sentence embedding with the clean one, relative to zero-ablating the hook:
 * recovered = (cos(e_sae, e_clean) − cos(e_zero, e_clean)) / (1 − cos(e_zero, e_clean)), with the cosines averaged
 * over the windows first.
 */
public final class DownstreamFidelity {

  private DownstreamFidelity() {
  }

  /**
   * @param reconstruct maps a batch of hook rows (original scale, rows × hidden) to the SAE's reconstruction
   */
  public static FidelityResult measure(TransformerModel model, HookPoint hook, List<TokenWindow> windows,
                                       UnaryOperator<float[]> reconstruct) {
    if (windows.isEmpty()) {
      throw new IllegalArgumentException("fidelity needs at least one window");
    }
    float[][] clean = model.pooledEmbeddings(windows);
    float[][] zero = model.pooledEmbeddings(windows, hook, (first, count, rows) -> new float[rows.length]);
    float[][] spliced = model.pooledEmbeddings(windows, hook, (first, count, rows) -> reconstruct.apply(rows));
    double cosSae = 0;
    double cosZero = 0;
    for (int w = 0; w < windows.size(); w++) {
      cosSae += cosine(spliced[w], clean[w]);
      cosZero += cosine(zero[w], clean[w]);
    }
    cosSae /= windows.size();
    cosZero /= windows.size();
    return new FidelityResult(windows.size(), cosSae, cosZero, recovered(cosSae, cosZero));
  }

  /** The recovered share given the mean cosines; 1 when the splice is as good as the clean run. */
  static double recovered(double cosSae, double cosZero) {
    return (cosSae - cosZero) / (1 - cosZero);
  }

  /** The cosine of two vectors in float64; 0 when either is zero. */
  public static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  /**
   * @param windows windows compared
   * @param cosine mean cos(e_sae, e_clean)
   * @param cosineZeroAblation mean cos(e_zero, e_clean)
   * @param recovered share of the zero-ablation loss the SAE recovers
   */
  public record FidelityResult(int windows, double cosine, double cosineZeroAblation, double recovered) {
  }
}
