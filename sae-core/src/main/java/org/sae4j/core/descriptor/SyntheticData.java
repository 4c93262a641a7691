package org.sae4j.core.descriptor;

/**
 * {@code data.source: synthetic}: a toy model of superposition with known features. Each of {@link #trueFeatures()}
 * random unit directions in R^{@link #dim()} fires independently with probability ∝ (k+1)^-{@link #frequencyExponent()}
 * (k = 0-based feature index), scaled so that {@link #meanActive()} features fire per token on average; an active
 * feature has magnitude ~ Uniform[magnitudeMin, magnitudeMax); isotropic Gaussian noise of std {@link #noise()} is
 * added per dimension.
 *
 * @param tokens tokens to generate (> 0)
 * @param evalTokens tokens held out for evaluation (at least 1, fewer than tokens)
 * @param dim n, the activation dimension (1..65536)
 * @param trueFeatures number of planted directions (> dim)
 * @param meanActive expected active features per token (positive, fewer than trueFeatures)
 * @param frequencyExponent power-law exponent of firing probabilities (>= 0)
 * @param magnitudeMin lower bound of active magnitudes (at least 0, at most magnitudeMax)
 * @param magnitudeMax upper bound (exclusive) of active magnitudes
 * @param noise std of the Gaussian noise per dimension (>= 0)
 */
public record SyntheticData(long tokens, long evalTokens, int dim, int trueFeatures, double meanActive,
                            double frequencyExponent, double magnitudeMin, double magnitudeMax, double noise)
    implements DataSpec {
  /** The {@code data.source} value. */
  public static final String SOURCE = "synthetic";
  /** Largest allowed {@code dim}. */
  public static final int MAX_DIM = 65_536;

  public SyntheticData {
    TokenCounts.check(tokens, evalTokens, false);
    if (dim < 1 || dim > MAX_DIM || trueFeatures <= dim) {
      throw new IllegalArgumentException("need 1 <= dim <= " + MAX_DIM + " and trueFeatures > dim, got dim " + dim
          + ", trueFeatures " + trueFeatures);
    }
    if (!(meanActive > 0 && meanActive < trueFeatures) || !(frequencyExponent >= 0)
        || !(magnitudeMin >= 0 && magnitudeMin <= magnitudeMax) || !(noise >= 0) || !Double.isFinite(magnitudeMax)
        || !Double.isFinite(noise) || !Double.isFinite(frequencyExponent)) {
      throw new IllegalArgumentException("synthetic data parameters out of range: meanActive " + meanActive
          + ", frequencyExponent " + frequencyExponent + ", magnitudes [" + magnitudeMin + ", " + magnitudeMax
          + "), noise " + noise);
    }
  }

  @Override
  public String source() {
    return SOURCE;
  }
}
