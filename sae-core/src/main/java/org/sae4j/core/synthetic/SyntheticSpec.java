package org.sae4j.core.synthetic;

/**
 * A toy model of superposition: K random unit directions in Rⁿ, each active independently on a token with a
 * power-law probability, with a uniform non-negative magnitude, plus isotropic Gaussian noise.
 *
 * @param dim n, the activation dimension, at least 1
 * @param trueFeatures K, the number of planted features, at least 1
 * @param meanActive the expected number of active features per token, in (0, K]
 * @param frequencyExponent a in p_k ∝ (k+1)^−a, at least 0 (0 gives equal frequencies)
 * @param magnitudeMin lower bound of the active magnitude, at least 0
 * @param magnitudeMax upper bound (exclusive) of the active magnitude, at least magnitudeMin
 * @param noise standard deviation of the Gaussian noise per dimension, at least 0
 * @param tokens number of tokens (rows) to generate, at least 1
 */
public record SyntheticSpec(int dim, int trueFeatures, double meanActive, double frequencyExponent,
                            double magnitudeMin, double magnitudeMax, double noise, long tokens) {

  public SyntheticSpec {
    require(dim >= 1, "dim must be >= 1, got " + dim);
    require(trueFeatures >= 1, "trueFeatures must be >= 1, got " + trueFeatures);
    require(meanActive > 0 && meanActive <= trueFeatures,
        "meanActive must be in (0, trueFeatures=" + trueFeatures + "], got " + meanActive);
    require(frequencyExponent >= 0 && Double.isFinite(frequencyExponent),
        "frequencyExponent must be finite and >= 0, got " + frequencyExponent);
    require(magnitudeMin >= 0 && Double.isFinite(magnitudeMax) && magnitudeMax >= magnitudeMin,
        "magnitudes must satisfy 0 <= magnitudeMin <= magnitudeMax < infinity, got [" + magnitudeMin + ", "
            + magnitudeMax + ")");
    require(noise >= 0 && Double.isFinite(noise), "noise must be finite and >= 0, got " + noise);
    require(tokens >= 1, "tokens must be >= 1, got " + tokens);
    require((long) trueFeatures * dim <= Integer.MAX_VALUE - 8,
        "trueFeatures*dim = " + (long) trueFeatures * dim + " does not fit a Java array");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
