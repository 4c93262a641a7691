package org.sae4j.core.train;

import org.sae4j.core.checkpoint.TrainingState;
import org.sae4j.kernels.StepResult;

/**
 * What a finished training run produced.
 *
 * @param state final parameters (in the scaled space), Adam state and input scale s
 * @param steps steps taken, all of them (a resumed run counts those before the checkpoint too)
 * @param tokens training tokens consumed, all of them
 * @param resumedFromStep the checkpoint's step this process started from, 0 for a fresh run
 * @param seconds wall time of this process's optimisation loop
 * @param last the scalars of the last step
 * @param backend the backend's name
 * @param device the device it ran on
 * @param curve the training curve of the whole run
 * @param collapse the collapse reported with {@code training.onCollapse: warn}, or null when there was none
 */
public record TrainingOutcome(TrainingState state, long steps, long tokens, long resumedFromStep, double seconds,
                              StepResult last, String backend, String device, TrainingCurve curve,
                              Collapse collapse) {

  /** Throughput of this process: the tokens of the steps it took over its loop's wall time. */
  public double tokensPerSecond() {
    return seconds > 0 && steps > 0 ? (double) tokens * (steps - resumedFromStep) / steps / seconds : 0;
  }
}
