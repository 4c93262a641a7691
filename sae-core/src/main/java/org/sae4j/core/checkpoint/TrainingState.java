package org.sae4j.core.checkpoint;

import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.SaeParameters;

/**
 * Everything needed to resume training bit-identically.
 *
 * @param parameters the parameters exactly as trained, in the scaled space (inputs multiplied by inputScale)
 * @param adam Adam's moments and step count
 * @param inputScale s, the scalar applied to every activation before the SAE
 */
public record TrainingState(SaeParameters parameters, AdamState adam, double inputScale) {

  public TrainingState {
    if (parameters.inputDim() != adam.firstMoment().inputDim()
        || parameters.features() != adam.firstMoment().features()) {
      throw new IllegalArgumentException("Adam state shape differs from the parameters' shape");
    }
    if (!(inputScale > 0) || Double.isInfinite(inputScale)) {
      throw new IllegalArgumentException("inputScale must be positive and finite, got " + inputScale);
    }
  }
}
