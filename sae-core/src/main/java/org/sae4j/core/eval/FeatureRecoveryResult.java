package org.sae4j.core.eval;

/**
 * How well a dictionary recovers planted features (synthetic data only, docs/metrics.md).
 *
 * @param mmcs mean over true features of the maximum cosine similarity to any decoder row
 * @param recoveredAt09 share of true features whose maximum cosine similarity is at least 0.9
 * @param trueFeatures K, the number of true features
 */
public record FeatureRecoveryResult(double mmcs, double recoveredAt09, int trueFeatures) {
}
