package org.sae4j.core.descriptor;

import java.util.Objects;

/**
 * The {@code sae} section: the dictionary to train.
 *
 * @param architecture the kind of dictionary and its own settings
 * @param features m, the number of dictionary features (>= 1)
 * @param decoderInitNorm norm of each decoder column at initialisation (> 0)
 */
public record SaeSpec(Architecture architecture, int features, double decoderInitNorm) {
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
