package org.sae4j.core.descriptor;

import java.util.Arrays;
import java.util.List;

/**
 * The metrics a goal may name (docs/metrics.md), with the key used in descriptors and {@code run.json} and the words used in
 * gate messages. Some exist only for one data source.
 */
public enum GoalMetric implements MetricKey {
  /** Mean over tokens of the squared reconstruction error. */
  MSE("mse", "MSE", null),
  /** 1 − Σ‖x − x̂‖² / Σ‖x − μ‖². */
  VARIANCE_EXPLAINED("varianceExplained", "variance explained", null),
  /** Mean number of active features per token. */
  L0("l0", "L0", null),
  /** Mean decoder-norm-weighted activation sum per token. */
  L1("l1", "L1", null),
  /** Share of features never active on the evaluation tokens. */
  DEAD_FRACTION("deadFraction", "dead fraction", null),
  /** Share of features active on more than 10 % of tokens. */
  DENSE_FRACTION("denseFraction", "dense fraction", null),
  /** Σ‖x̂‖² / Σ⟨x, x̂⟩. */
  SHRINKAGE("shrinkage", "shrinkage", null),
  /** Mean over true features of the best cosine with a decoder column (synthetic data). */
  FEATURE_RECOVERY_MMCS("featureRecovery.mmcs", "feature recovery MMCS", SyntheticData.SOURCE),
  /** Share of true features recovered at cosine >= 0.9 (synthetic data). */
  FEATURE_RECOVERY_AT_09("featureRecovery.recoveredAt09", "share of features recovered at cos >= 0.9",
      SyntheticData.SOURCE),
  /** Downstream fidelity recovered by splicing the SAE in (harvested data). */
  FIDELITY_RECOVERED("fidelity.recovered", "fidelity recovered", HarvestData.SOURCE),
  /** Cosine of the pooled embedding with the SAE spliced in to the clean one (harvested data). */
  FIDELITY_COSINE("fidelity.cosine", "fidelity cosine", HarvestData.SOURCE),
  /** Cosine of the pooled embedding with the hook zero-ablated to the clean one (harvested data). */
  FIDELITY_COSINE_ZERO_ABLATION("fidelity.cosineZeroAblation", "zero-ablation cosine", HarvestData.SOURCE);

  private final String key;
  private final String label;
  private final String onlySource;

  GoalMetric(String key, String label, String onlySource) {
    this.key = key;
    this.label = label;
    this.onlySource = onlySource;
  }

  /** Key in descriptors and in {@code run.json} metrics, e.g. {@code featureRecovery.mmcs}. */
  @Override
  public String key() {
    return key;
  }

  /** Human words for gate messages, e.g. {@code variance explained}. */
  @Override
  public String label() {
    return label;
  }

  /** The only {@code data.source} this metric exists for, or null when it exists for every source. */
  @Override
  public String onlySource() {
    return onlySource;
  }

  /** The metric with this key, or null if none. */
  public static GoalMetric ofKey(String key) {
    for (GoalMetric m : values()) {
      if (m.key.equals(key)) {
        return m;
      }
    }
    return null;
  }

  /** All keys, in declaration order. */
  public static List<String> keys() {
    return Arrays.stream(values()).map(GoalMetric::key).toList();
  }
}
