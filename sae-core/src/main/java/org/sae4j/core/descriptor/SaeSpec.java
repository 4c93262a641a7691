package org.sae4j.core.descriptor;

import java.util.Objects;

/**
 * The {@code sae} section: the dictionary to train.
 *
 * @param architecture {@value #RELU_L1} (the only one implemented so far)
 * @param features m, the number of dictionary features (>= 1)
 * @param decoderInitNorm norm of each decoder column at initialisation (> 0)
 */
public record SaeSpec(String architecture, int features, double decoderInitNorm) {
  /** f = ReLU(W_e x + b_e) with an L1 penalty weighted by decoder norms. */
  public static final String RELU_L1 = "relu-l1";
  /** f = TopK(ReLU(W_e x + b_e)); planned, rejected for now. */
  public static final String TOPK = "topk";
  /** Default of {@code sae.decoderInitNorm}. */
  public static final double DEFAULT_DECODER_INIT_NORM = 0.1;

  public SaeSpec {
    Objects.requireNonNull(architecture, "architecture");
    if (features < 1 || !(decoderInitNorm > 0)) {
      throw new IllegalArgumentException("features must be >= 1 and decoderInitNorm > 0, got " + features + ", "
          + decoderInitNorm);
    }
  }
}
