package org.sae4j.kernels;

/**
 * What changes from one training step to the next, as the trainer's schedules give it.
 *
 * @param learningRate this step's learning rate, finite and &gt;= 0
 * @param sparsityCoefficient this step's weight of the sparsity penalty (λ of the ReLU rule), finite and
 *     &gt;= 0; a rule without a penalty (TopK) requires 0
 */
public record StepInput(double learningRate, double sparsityCoefficient) {

  public StepInput {
    BackendChecks.checkLearningRate(learningRate);
    BackendChecks.checkL1(sparsityCoefficient);
  }

  /** A step of a rule without a sparsity penalty. */
  public static StepInput withoutPenalty(double learningRate) {
    return new StepInput(learningRate, 0);
  }
}
