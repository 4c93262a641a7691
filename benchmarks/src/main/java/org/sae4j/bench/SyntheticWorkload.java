package org.sae4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.sae4j.kernels.Gaussian;
import org.sae4j.kernels.SaeParameters;

/**
 * Seeded synthetic benchmark data: batches and initial weights whose ReLU codes fire on about
 * {@code targetL0} features per token, so that both sides of a benchmark see the sparsity of a trained SAE.
 *
 * <p>Inputs are standard normal per coordinate (so E‖x‖ ≈ √n, the scale training uses). The weights have
 * the recipe's tied form (docs/recipe.md) (decoder columns in random directions, W_e = W_dᵀ, b_d = 0) but unit-norm columns rather
 * than the 0.1 of a fresh initialisation: at 0.1, Adam's per-step change at lr 5e-5 is large against the
 * pre-activations' spread and L0 drifts by half within a dozen steps, whereas at norm 1 it stays near its
 * target for the whole run. Every encoder bias is set to minus the (1 − targetL0/m) quantile of the
 * pre-activations W_e x measured on a sample of rows: each feature then fires on a share targetL0/m of the
 * tokens.
 *
 * @param initial the initial parameters, shared by both sides (callers copy before mutating)
 * @param batches distinct batches of {@code rows × inputDim} floats, cycled through by the benchmark
 * @param rows rows per batch
 * @param biasShift the encoder bias every feature starts with (negative)
 */
public record SyntheticWorkload(SaeParameters initial, List<float[]> batches, int rows, float biasShift) {

  /** Rows of the first batch used to estimate the pre-activation quantile. */
  private static final int QUANTILE_SAMPLE_ROWS = 64;
  private static final float DECODER_NORM = 1.0f;

  public SyntheticWorkload {
    batches = List.copyOf(batches);
  }

  /**
   * Generates the workload.
   *
   * @param inputDim n
   * @param features m
   * @param rows B, rows per batch
   * @param batchCount number of distinct batches (>= 1)
   * @param targetL0 wanted mean number of active features per token, in (0, m)
   * @param seed seeds everything
   */
  public static SyntheticWorkload generate(int inputDim, int features, int rows, int batchCount, double targetL0,
                                           long seed) {
    if (inputDim < 1 || features < 1 || rows < 1 || batchCount < 1) {
      throw new IllegalArgumentException("inputDim, features, rows and batchCount must be >= 1, got " + inputDim
          + ", " + features + ", " + rows + ", " + batchCount);
    }
    if (!(targetL0 > 0 && targetL0 < features)) {
      throw new IllegalArgumentException("targetL0 must be in (0, features=" + features + "), got " + targetL0);
    }
    SplittableRandom random = new SplittableRandom(seed);
    float[] decoder = new float[inputDim * features];
    for (int i = 0; i < features; i++) {
      randomDirection(random, decoder, i * inputDim, inputDim, DECODER_NORM);
    }
    List<float[]> batches = new ArrayList<>(batchCount);
    for (int b = 0; b < batchCount; b++) {
      float[] x = new float[rows * inputDim];
      for (int k = 0; k < x.length; k++) {
        x[k] = (float) Gaussian.next(random);
      }
      batches.add(x);
    }
    float shift = -quantileOfPreActivations(decoder, inputDim, features, batches.getFirst(),
        Math.min(rows, QUANTILE_SAMPLE_ROWS), 1 - targetL0 / features);
    float[] encoderBias = new float[features];
    Arrays.fill(encoderBias, shift);
    SaeParameters initial = new SaeParameters(inputDim, features, decoder.clone(), encoderBias, decoder,
        new float[inputDim]);
    return new SyntheticWorkload(initial, batches, rows, shift);
  }

  /** The batch used at step {@code step} (batches are cycled). */
  public float[] batch(int step) {
    return batches.get(step % batches.size());
  }

  /** The initial parameters with every encoder bias so negative that no feature can fire. */
  public SaeParameters silenced() {
    SaeParameters p = initial.copy();
    Arrays.fill(p.encoderBias(), -1.0e4f);
    return p;
  }

  /** The q-quantile of W_e x (no bias) over the first {@code sampleRows} rows of {@code x} and all features. */
  private static float quantileOfPreActivations(float[] encoder, int n, int m, float[] x, int sampleRows,
                                                double q) {
    float[] pre = new float[sampleRows * m];
    for (int t = 0; t < sampleRows; t++) {
      for (int i = 0; i < m; i++) {
        float s = 0;
        for (int j = 0; j < n; j++) {
          s += encoder[i * n + j] * x[t * n + j];
        }
        pre[t * m + i] = s;
      }
    }
    Arrays.sort(pre);
    int index = (int) Math.min(pre.length - 1, Math.round(q * (pre.length - 1)));
    return pre[index];
  }

  private static void randomDirection(SplittableRandom random, float[] into, int offset, int n, float norm) {
    double squares = 0;
    double[] v = new double[n];
    for (int j = 0; j < n; j++) {
      v[j] = Gaussian.next(random);
      squares += v[j] * v[j];
    }
    double scale = norm / Math.sqrt(squares);
    for (int j = 0; j < n; j++) {
      into[offset + j] = (float) (v[j] * scale);
    }
  }
}
