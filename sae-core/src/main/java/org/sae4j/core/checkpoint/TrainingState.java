package org.sae4j.core.checkpoint;

import java.util.Arrays;
import java.util.Objects;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.SaeParameters;

/**
 * Everything needed to resume training bit-identically.
 *
 * @param parameters the parameters exactly as trained, in the scaled space (inputs multiplied by inputScale)
 * @param adam Adam's moments and step count
 * @param inputScale s, the scalar applied to every activation before the SAE
 * @param stepsSinceFired the activation rule's per-feature state ({@link org.sae4j.kernels.Backend#stepsSinceFired()};
 *     empty for relu-l1); the record owns the array
 */
public record TrainingState(SaeParameters parameters, AdamState adam, double inputScale, int[] stepsSinceFired) {

  /** A state without rule state (relu-l1, or a fresh start). */
  public TrainingState(SaeParameters parameters, AdamState adam, double inputScale) {
    this(parameters, adam, inputScale, new int[0]);
  }

  public TrainingState {
    if (stepsSinceFired.length != 0 && stepsSinceFired.length != parameters.features()) {
      throw new IllegalArgumentException("stepsSinceFired has " + stepsSinceFired.length + " entries for "
          + parameters.features() + " features");
    }
    if (parameters.inputDim() != adam.firstMoment().inputDim()
        || parameters.features() != adam.firstMoment().features()) {
      throw new IllegalArgumentException("Adam state shape differs from the parameters' shape");
    }
    if (!(inputScale > 0) || Double.isInfinite(inputScale)) {
      throw new IllegalArgumentException("inputScale must be positive and finite, got " + inputScale);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrainingState t && parameters.equals(t.parameters) && adam.equals(t.adam)
        && Double.compare(inputScale, t.inputScale) == 0 && Arrays.equals(stepsSinceFired, t.stepsSinceFired);
  }

  @Override
  public int hashCode() {
    return Objects.hash(parameters, adam, inputScale, Arrays.hashCode(stepsSinceFired));
  }
}
