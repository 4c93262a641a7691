package org.sae4j.core.analysis;

import org.sae4j.core.run.Evaluator;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.kernels.SparseCodes;

/**
 * The trained dictionary as analyses use it, in the original activation scale (the folded SAE of the checkpoint):
 * f(x) = ReLU(W_e·(s·x) + b_e), x̂ = (W_d·f + b_d) / s, decoder direction d_i = W_d,i / s and feature activation
 * f_i·‖d_i‖ (docs/recipe.md). Encoding goes through the evaluation's backend, so analyses see exactly the codes the
 * evaluation saw. Since the decoder is linear, changing feature i's code by δ at a token changes the reconstruction
 * by δ·d_i: SAE_changed(x) + (x − SAE(x)) = x + δ·d_i, which is how ablation keeps the error term; steering adds up
 * the two terms explicitly ({@link #decode}) so that its identity check tests them. Not thread-safe (the backend is
 * not).
 */
public final class Dictionary {
  private final Backend backend;
  private final int maxBatch;
  private final SaeParameters scaled;
  private final double scale;
  private final double[] norms;

  /**
   * @param backend the trained SAE in the scaled space; not owned
   * @param inputScale s
   * @param maxBatch the largest batch the backend accepts
   */
  public Dictionary(Backend backend, double inputScale, int maxBatch) {
    this.backend = backend;
    this.maxBatch = maxBatch;
    this.scaled = backend.parameters();
    this.scale = inputScale;
    this.norms = Evaluator.originalNorms(scaled, inputScale);
  }

  /** m, the number of features. */
  public int features() {
    return scaled.features();
  }

  /** n, the activation dimension. */
  public int dim() {
    return scaled.inputDim();
  }

  /** ‖d_i‖ in the original scale. */
  public double norm(int feature) {
    return norms[check(feature)];
  }

  /** ‖d_i‖ of every feature in the original scale (a copy). */
  public double[] norms() {
    return norms.clone();
  }

  /** d_i = W_d,i / s, the feature's decoder direction in the original scale (not normalised). */
  public float[] direction(int feature) {
    int n = dim();
    float[] d = new float[n];
    int base = check(feature) * n;
    for (int j = 0; j < n; j++) {
      d[j] = (float) (scaled.decoderWeight()[base + j] / scale);
    }
    return d;
  }

  /** Every decoder direction d_i (original scale), {@code features × dim}, row-major. */
  public float[] decoderRows() {
    float[] w = scaled.decoderWeight();
    float[] out = new float[w.length];
    for (int k = 0; k < w.length; k++) {
      out[k] = (float) (w[k] / scale);
    }
    return out;
  }

  /** f(x) of {@code rows} (original scale, {@code count × dim}), one code row per input row. */
  public SparseCodes encode(float[] rows) {
    SparseCodes all = new SparseCodes();
    all.reset(rows.length / dim());
    forward(rows, (first, count, reconstruction, codes) -> {
      for (int r = 0; r < count; r++) {
        for (int k = codes.start(r); k < codes.end(r); k++) {
          all.add(codes.index(k), codes.value(k));
        }
        all.endRow();
      }
    });
    return all;
  }

  /** The backend's reconstruction x̂ of {@code rows} (original scale in and out). */
  public float[] reconstruct(float[] rows) {
    int n = dim();
    float[] out = new float[rows.length];
    float s = (float) scale;
    forward(rows, (first, count, reconstruction, codes) -> {
      for (int k = 0; k < count * n; k++) {
        out[first * n + k] = reconstruction[k] / s;
      }
    });
    return out;
  }

  /** Sees one forward batch: its first row, its row count, x̂ in the scaled space and the codes. */
  @FunctionalInterface
  private interface BatchResult {
    void accept(int first, int count, float[] reconstruction, SparseCodes codes);
  }

  /** Runs {@code rows} (original scale) through the backend in batches of at most {@code maxBatch}, in order. */
  private void forward(float[] rows, BatchResult result) {
    int n = dim();
    int count = rows.length / n;
    float[] part = new float[Math.min(count, maxBatch) * n];
    float[] reconstruction = new float[part.length];
    SparseCodes codes = new SparseCodes();
    float s = (float) scale;
    for (int first = 0; first < count; first += maxBatch) {
      int rowsHere = Math.min(maxBatch, count - first);
      for (int k = 0; k < rowsHere * n; k++) {
        part[k] = rows[first * n + k] * s;
      }
      backend.forward(part, rowsHere, reconstruction, codes);
      result.accept(first, rowsHere, reconstruction, codes);
    }
  }

  /**
   * x̂ of one code row with {@code feature}'s code set to {@code code}: (W_d·f' + b_d) / s in the original scale,
   * decoded here in float64 rather than by the backend, so that SAE_clamp(x) + (x − SAE(x)) with SAE(x) from
   * {@link #reconstruct} adds up two independent computations (it is x only if they agree).
   */
  public double[] decode(SparseCodes codes, int row, int feature, double code) {
    int n = dim();
    check(feature);
    double[] x = new double[n];
    float[] w = scaled.decoderWeight();
    for (int j = 0; j < n; j++) {
      x[j] = scaled.decoderBias()[j];
    }
    for (int k = codes.start(row); k < codes.end(row); k++) {
      if (codes.index(k) != feature) {
        add(x, w, codes.index(k), codes.value(k));
      }
    }
    add(x, w, feature, code);
    for (int j = 0; j < n; j++) {
      x[j] /= scale;
    }
    return x;
  }

  private void add(double[] x, float[] w, int feature, double code) {
    int base = feature * x.length;
    for (int j = 0; j < x.length; j++) {
      x[j] += code * w[base + j];
    }
  }

  /** f_i of one code row, 0 when inactive. */
  public static float code(SparseCodes codes, int row, int feature) {
    for (int k = codes.start(row); k < codes.end(row); k++) {
      if (codes.index(k) == feature) {
        return codes.value(k);
      }
    }
    return 0;
  }

  private int check(int feature) {
    if (feature < 0 || feature >= features()) {
      throw new IllegalArgumentException("feature " + feature + " does not exist: the dictionary has " + features()
          + " features (0 … " + (features() - 1) + ")");
    }
    return feature;
  }
}
