package org.sae4j.core.checkpoint;

import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.RuleState;
import org.sae4j.kernels.SaeParameters;

/**
 * Everything needed to resume training bit-identically.
 *
 * @param parameters the parameters exactly as trained, in the scaled space (inputs multiplied by inputScale)
 * @param adam Adam's moments and step count
 * @param inputScale s, the scalar applied to every activation before the SAE
 * @param rule the activation rule's own state ({@link org.sae4j.kernels.Backend#ruleState()}; {@link RuleState#NONE}
 *     for relu-l1 and fresh starts)
 */
public record TrainingState(SaeParameters parameters, AdamState adam, double inputScale, RuleState rule) {

  /** A state without rule state (relu-l1, or a fresh start). */
  public TrainingState(SaeParameters parameters, AdamState adam, double inputScale) {
    this(parameters, adam, inputScale, RuleState.NONE);
  }

  public TrainingState {
    int counts = rule.stepsSinceFired().length;
    if (counts != 0 && counts != parameters.features()) {
      throw new IllegalArgumentException("stepsSinceFired has " + counts + " entries for " + parameters.features()
          + " features");
    }
    int learned = rule.learned().size();
    if (learned != 0 && learned != parameters.features()) {
      throw new IllegalArgumentException("the learned thresholds have " + learned + " entries for "
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
}
