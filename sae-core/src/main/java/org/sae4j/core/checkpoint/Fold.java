package org.sae4j.core.checkpoint;

import org.sae4j.kernels.SaeParameters;

/** Reparameterisations of an SAE that leave its reconstructions unchanged (docs/recipe.md). */
public final class Fold {
  private Fold() {
  }

  /**
   * The equivalent SAE whose decoder columns have unit norm: W_e' = diag(‖W_d‖) W_e, b_e' = ‖W_d‖ ⊙ b_e,
   * W_d' = W_d / ‖W_d‖, b_d' = b_d. Because ReLU(a·z) = a·ReLU(z) for a &gt; 0, f' = ‖W_d‖ ⊙ f and x̂ is
   * unchanged; f' is the feature activation used for analysis. A feature whose decoder column is zero
   * contributes nothing to x̂ and is copied unchanged. Arithmetic in float64, rounded once to float32.
   *
   * @param p the parameters; not modified
   * @return new parameters
   */
  public static SaeParameters unitDecoder(SaeParameters p) {
    int n = p.inputDim();
    int m = p.features();
    SaeParameters out = p.copy();
    float[] we = out.encoderWeight();
    float[] be = out.encoderBias();
    float[] wd = out.decoderWeight();
    for (int i = 0; i < m; i++) {
      double norm = p.decoderNorm(i);
      if (norm == 0) {
        continue;
      }
      int base = i * n;
      for (int j = 0; j < n; j++) {
        we[base + j] = (float) (we[base + j] * norm);
        wd[base + j] = (float) (wd[base + j] / norm);
      }
      be[i] = (float) (be[i] * norm);
    }
    return out;
  }
}
