package org.sae4j.core.train;

import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.kernels.StepResult;

/**
 * What a finished training run produced.
 *
 * @param parameters final parameters, in the scaled space
 * @param adam final optimiser state
 * @param inputScale the input scale s
 * @param steps steps taken
 * @param tokens training tokens consumed
 * @param seconds wall time of the optimisation loop
 * @param last the scalars of the last step
 * @param backend the backend's name
 * @param device the device it ran on
 */
public record TrainingOutcome(SaeParameters parameters, AdamState adam, double inputScale, long steps, long tokens,
                              double seconds, StepResult last, String backend, String device) {

  public double tokensPerSecond() {
    return seconds > 0 ? tokens / seconds : 0;
  }
}
