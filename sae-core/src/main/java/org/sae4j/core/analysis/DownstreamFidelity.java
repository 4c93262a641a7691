package org.sae4j.core.analysis;

import java.util.List;
import java.util.function.UnaryOperator;
import org.sae4j.harvest.TransformerModel.Replacement;

/**
 * Downstream fidelity for an embedding model (docs/metrics.md): splice the SAE's reconstruction in at the hook, run the rest
 * of the model, and compare the pooled sentence embedding with the clean one, relative to zero-ablating the hook:
 * recovered = (cos(e_sae, e_clean) − cos(e_zero, e_clean)) / (1 − cos(e_zero, e_clean)), with the cosines averaged
 * over the windows first. The three embeddings of a window share one run of the blocks up to the hook (the session's
 * clean forward, {@link ForwardObserver}); only the blocks after it run three times.
 */
public final class DownstreamFidelity {

  private DownstreamFidelity() {
  }

  /**
   * The cosines of a list of windows, added window by window: each window's clean, zero-ablated and spliced
   * embeddings. The continuations the model runs for it are {@link #continuations}.
   */
  public static final class Sums {
    private double cosSae;
    private double cosZero;
    private int windows;

    /** Adds one window's embeddings. */
    public void add(float[] clean, float[] zero, float[] spliced) {
      cosSae += cosine(spliced, clean);
      cosZero += cosine(zero, clean);
      windows++;
    }

    /**
     * The result over the windows added.
     *
     * @throws IllegalStateException when none was
     */
    public FidelityResult result() {
      if (windows == 0) {
        throw new IllegalStateException("fidelity needs at least one window");
      }
      double sae = cosSae / windows;
      double zero = cosZero / windows;
      return new FidelityResult(windows, sae, zero, recovered(sae, zero));
    }
  }

  /**
   * The three continuations after the hook whose embeddings {@link Sums#add} takes, in its order: clean, hook rows
   * zeroed, hook rows replaced by {@code reconstruct} (which must be safe to call from several threads).
   */
  public static List<Replacement> continuations(UnaryOperator<float[]> reconstruct) {
    return List.of(Replacement.NONE, (first, count, rows) -> new float[rows.length],
        (first, count, rows) -> reconstruct.apply(rows));
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
