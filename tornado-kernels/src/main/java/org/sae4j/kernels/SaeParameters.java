package org.sae4j.kernels;

import java.util.Arrays;

/**
 * The weights of a ReLU sparse autoencoder, all float32, row-major.
 *
 * <p>Layouts (n = {@code inputDim}, m = {@code features}):
 * <ul>
 *   <li>{@code encoderWeight}: W_e as m rows of n ({@code [i * n + j]} = W_e[i, j]);</li>
 *   <li>{@code encoderBias}: b_e, length m;</li>
 *   <li>{@code decoderWeight}: W_dᵀ as m rows of n ({@code [i * n + j]} = W_d[j, i]), so row i is the
 *       decoder column (feature vector) of feature i; this is SAELens' {@code W_dec [m, n]};</li>
 *   <li>{@code decoderBias}: b_d, length n.</li>
 * </ul>
 * The arrays are owned by the record: callers that keep mutating them must {@link #copy()} first.
 */
public record SaeParameters(int inputDim, int features, float[] encoderWeight, float[] encoderBias,
                            float[] decoderWeight, float[] decoderBias) {

  public SaeParameters {
    if (inputDim <= 0 || features <= 0) {
      throw new IllegalArgumentException("inputDim and features must be positive, got inputDim=" + inputDim
          + ", features=" + features);
    }
    long weights = (long) inputDim * features;
    if (weights > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("inputDim*features = " + weights + " does not fit a Java array");
    }
    checkLength("encoderWeight", encoderWeight, (int) weights);
    checkLength("encoderBias", encoderBias, features);
    checkLength("decoderWeight", decoderWeight, (int) weights);
    checkLength("decoderBias", decoderBias, inputDim);
  }

  /** All-zero parameters of the given shape. */
  public static SaeParameters zeros(int inputDim, int features) {
    return new SaeParameters(inputDim, features, new float[inputDim * features], new float[features],
        new float[inputDim * features], new float[inputDim]);
  }

  /** A deep copy. */
  public SaeParameters copy() {
    return new SaeParameters(inputDim, features, encoderWeight.clone(), encoderBias.clone(),
        decoderWeight.clone(), decoderBias.clone());
  }

  /** Total number of scalar parameters. */
  public long size() {
    return 2L * inputDim * features + features + inputDim;
  }

  /** L2 norm of decoder column i (the row {@code decoderWeight[i*n .. i*n+n)}), in float64. */
  public double decoderNorm(int feature) {
    double s = 0;
    int base = feature * inputDim;
    for (int j = 0; j < inputDim; j++) {
      double w = decoderWeight[base + j];
      s += w * w;
    }
    return Math.sqrt(s);
  }

  private static void checkLength(String name, float[] a, int expected) {
    if (a == null) {
      throw new IllegalArgumentException(name + " is null");
    }
    if (a.length != expected) {
      throw new IllegalArgumentException(name + " has length " + a.length + ", expected " + expected);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SaeParameters p && inputDim == p.inputDim && features == p.features
        && Arrays.equals(encoderWeight, p.encoderWeight) && Arrays.equals(encoderBias, p.encoderBias)
        && Arrays.equals(decoderWeight, p.decoderWeight) && Arrays.equals(decoderBias, p.decoderBias);
  }

  @Override
  public int hashCode() {
    int h = 31 * inputDim + features;
    h = 31 * h + Arrays.hashCode(encoderWeight);
    h = 31 * h + Arrays.hashCode(encoderBias);
    h = 31 * h + Arrays.hashCode(decoderWeight);
    return 31 * h + Arrays.hashCode(decoderBias);
  }

  @Override
  public String toString() {
    return "SaeParameters[inputDim=" + inputDim + ", features=" + features + "]";
  }
}
