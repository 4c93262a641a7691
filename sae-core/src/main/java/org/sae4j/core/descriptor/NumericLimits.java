package org.sae4j.core.descriptor;

import java.util.List;

/**
 * Upper bounds on the descriptor's real-valued knobs. The engine computes in float32 (largest value about 3.4e38):
 * a value that passes as a finite double, such as {@code training.lr: 3e38} or {@code training.l1: 1e39}, would
 * overflow to infinity or NaN in the first step, or after hours of training. Each bound lies far above any useful
 * value and far below where float32 arithmetic breaks, so it rejects only mistakes, before anything runs. The table
 * is documented in {@code docs/descriptor.md}; the ordinary parsing has already checked type and lower bound.
 */
final class NumericLimits {

  /**
   * One bounded key.
   *
   * @param key the key within its section
   * @param range the whole allowed range, as the error message states it
   * @param reason why values outside it are refused, for the error message
   */
  record Limit(String key, Range range, String reason) {
  }

  /** {@code sae.*}. */
  static final List<Limit> SAE = List.of(
      new Limit("decoderInitNorm", Range.openClosed(0, 100), "the reconstruction grows with the square of the "
          + "initial decoder norm; the default is 0.1"),
      new Limit("threshold", Range.openClosed(0, 1e4), "jumprelu's θ is compared with float32 pre-activations"),
      new Limit("bandwidth", Range.openClosed(0, 1e4), "the threshold's gradient divides by ε in float32"));

  /** {@code data.*} when {@code data.source} is synthetic. */
  static final List<Limit> SYNTHETIC = List.of(
      new Limit("frequencyExponent", Range.closed(0, 10), "(k+1)^-a underflows to 0 for larger exponents"),
      new Limit("magnitudeMin", Range.closed(0, 1e6), "activations are stored as float32 and squared in the metrics"),
      new Limit("magnitudeMax", Range.closed(0, 1e6), "activations are stored as float32 and squared in the metrics"),
      new Limit("noise", Range.closed(0, 1e6), "activations are stored as float32 and squared in the metrics"));

  /** {@code training.*}. */
  static final List<Limit> TRAINING = List.of(
      new Limit("lr", Range.openClosed(0, 1), "Adam moves each weight by about lr per step, in float32"),
      new Limit("l1", Range.closed(0, 1e4), "the penalty's gradient λ·‖W_d,i‖/B is float32"),
      new Limit("l0", Range.closed(0, 1e4), "the threshold's gradient λ₀/(B·ε) is float32"),
      new Limit("tanhScale", Range.openClosed(0, 1e4), "tanh saturates: its gradient 1 − tanh² is 0 for c·f·‖W_d‖ > 20"),
      new Limit("preActCoefficient", Range.closed(0, 1e4), "its gradient λ_P·‖W_d,i‖/B is float32"),
      new Limit("gradClip", Range.openClosed(0, 1e6), "1e6 already means no clipping"),
      new Limit("adamBeta1", Range.closed(0, 0.99999), "1 − β must stay distinct from 0 in float32"),
      new Limit("adamBeta2", Range.closed(0, 0.99999), "1 − β must stay distinct from 0 in float32"),
      new Limit("adamEpsilon", Range.closed(1e-30, 1), "a smaller ε rounds to 0 in float32 and divides 0 by 0"));

  private NumericLimits() {
  }

  /**
   * Rejects a present key of {@code limits} whose value lies outside its range, naming the key, its line, the
   * allowed range and the reason. Absent keys take their defaults, which are inside.
   */
  static void check(Section section, List<Limit> limits) throws DescriptorException {
    for (Limit limit : limits) {
      if (!section.has(limit.key())) {
        continue;
      }
      String allowed = "allowed: " + limit.range().describe() + " (" + limit.reason() + ")";
      double value = section.number(limit.key(), null, Range.any());
      if (!limit.range().contains(value)) {
        throw section.error(limit.key(), section.text(limit.key(), section.node(limit.key()), allowed)
            + " is out of range", allowed);
      }
    }
  }
}
