package org.sae4j.core.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The evaluation metrics of docs/metrics.md over N tokens, all in the original activation scale.
 *
 * @param tokens N, the number of tokens evaluated
 * @param mse (1/N) Σ_t ‖x_t − x̂_t‖²
 * @param varianceExplained 1 − Σ‖x − x̂‖² / Σ‖x − μ‖², μ the mean of the evaluated tokens; NaN when every
 *     token is identical (zero variance)
 * @param l0 mean number of features with f_i &gt; 0 per token
 * @param l1 mean of Σ_i f_i·‖W_d,i‖ per token
 * @param deadFraction share of features never active over the N tokens
 * @param denseFraction share of features active on more than 10 % of the tokens
 * @param shrinkage Σ‖x̂‖² / Σ⟨x, x̂⟩; NaN when the denominator is 0
 * @param featureFireCounts per feature, the number of tokens on which it was active
 * @param density histogram of log10 firing rates
 */
public record EvaluationResult(long tokens, double mse, double varianceExplained, double l0, double l1,
                               double deadFraction, double denseFraction, double shrinkage,
                               long[] featureFireCounts, DensityHistogram density) {

  public EvaluationResult {
    featureFireCounts = featureFireCounts.clone();
  }

  /** A copy of the per-feature firing counts. */
  @Override
  public long[] featureFireCounts() {
    return featureFireCounts.clone();
  }

  /**
   * The scalar metrics under the key names used in run.json and descriptor goals
   * ({@code mse}, {@code varianceExplained}, {@code l0}, {@code l1}, {@code deadFraction},
   * {@code denseFraction}, {@code shrinkage}), in that order.
   */
  public Map<String, Double> scalars() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("mse", mse);
    m.put("varianceExplained", varianceExplained);
    m.put("l0", l0);
    m.put("l1", l1);
    m.put("deadFraction", deadFraction);
    m.put("denseFraction", denseFraction);
    m.put("shrinkage", shrinkage);
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EvaluationResult r && tokens == r.tokens && Double.compare(mse, r.mse) == 0
        && Double.compare(varianceExplained, r.varianceExplained) == 0 && Double.compare(l0, r.l0) == 0
        && Double.compare(l1, r.l1) == 0 && Double.compare(deadFraction, r.deadFraction) == 0
        && Double.compare(denseFraction, r.denseFraction) == 0 && Double.compare(shrinkage, r.shrinkage) == 0
        && Arrays.equals(featureFireCounts, r.featureFireCounts) && density.equals(r.density);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Long.hashCode(tokens) + scalars().hashCode()) + Arrays.hashCode(featureFireCounts);
  }

  @Override
  public String toString() {
    return "EvaluationResult[tokens=" + tokens + ", " + scalars() + ", features=" + featureFireCounts.length
        + "]";
  }
}
