package org.sae4j.kernels;

import java.util.Set;

/**
 * The argument checks every {@link Backend} implementation applies, in one place so that all backends reject a
 * bad call with the same message. Each method throws and otherwise does nothing.
 */
public final class BackendChecks {

  private BackendChecks() {
  }

  /**
   * Checks that the Adam state has the parameters' shape.
   *
   * @throws IllegalArgumentException naming both shapes when they differ
   */
  public static void checkAdamShape(SaeParameters parameters, AdamState state) {
    SaeParameters moments = state.firstMoment();
    if (moments.inputDim() != parameters.inputDim() || moments.features() != parameters.features()) {
      throw new IllegalArgumentException("Adam state has inputDim=" + moments.inputDim() + ", features="
          + moments.features() + " but the parameters have inputDim=" + parameters.inputDim() + ", features="
          + parameters.features());
    }
  }

  /**
   * Checks that a closed backend is not used.
   *
   * @param backend the backend's name, for the message
   * @throws IllegalStateException when {@code closed}
   */
  public static void checkOpen(boolean closed, String backend) {
    if (closed) {
      throw new IllegalStateException("the " + backend + " backend is closed");
    }
  }

  /**
   * Checks a batch of {@code rows} rows of {@code inputDim} values.
   *
   * @throws IllegalArgumentException when {@code rows} is outside 1..{@code maxRows} or {@code batch} is shorter
   *     than {@code rows × inputDim}
   */
  public static void checkBatch(float[] batch, int rows, int maxRows, int inputDim) {
    if (rows < 1 || rows > maxRows) {
      throw new IllegalArgumentException("rows is " + rows + ", expected 1.." + maxRows + " (maxBatchRows)");
    }
    if (batch.length < rows * inputDim) {
      throw new IllegalArgumentException("batch has length " + batch.length + ", expected at least " + rows
          + " rows × inputDim " + inputDim + " = " + rows * inputDim);
    }
  }

  /**
   * Checks the output buffer of a forward pass over {@code rows} rows.
   *
   * @throws IllegalArgumentException when it is shorter than {@code rows × inputDim}
   */
  public static void checkReconstruction(float[] reconstruction, int rows, int inputDim) {
    if (reconstruction.length < rows * inputDim) {
      throw new IllegalArgumentException("reconstruction has length " + reconstruction.length
          + ", expected at least " + rows + " rows × inputDim " + inputDim + " = " + rows * inputDim);
    }
  }

  /**
   * Checks that a backend runs an activation rule: the one place where a backend that supports only some rules
   * rejects the others, so that adding a rule or teaching a backend one never edits this check.
   *
   * @param backend the backend's name, for the message
   * @param supported the names ({@link ActivationRule#name()}) of the rules the backend runs
   * @throws IllegalArgumentException naming the backend, the rule and the supported ones when it is not among them
   */
  public static void checkRule(String backend, Set<String> supported, ActivationRule rule) {
    if (!supported.contains(rule.name())) {
      throw new IllegalArgumentException("the " + rule.name() + " architecture is not supported on the " + backend
          + " backend (it runs " + String.join(", ", supported.stream().sorted().toList())
          + "); use backend: jvm");
    }
  }

  /**
   * Checks a step's learning rate.
   *
   * @throws IllegalArgumentException unless it is finite and at least 0
   */
  public static void checkLearningRate(double learningRate) {
    if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + learningRate);
    }
  }

  /**
   * Checks a step's L1 coefficient λ.
   *
   * @throws IllegalArgumentException unless it is finite and at least 0
   */
  public static void checkL1(double l1Coefficient) {
    if (!(l1Coefficient >= 0) || Double.isInfinite(l1Coefficient)) {
      throw new IllegalArgumentException("l1 coefficient must be finite and >= 0, got " + l1Coefficient);
    }
  }

  /**
   * Checks that a step of {@code rule} has no sparsity coefficient unless the rule has a penalty (ReLU's L1,
   * JumpReLU's L0).
   *
   * @throws IllegalArgumentException naming the rule when a rule without a penalty gets a coefficient
   */
  public static void checkStepInput(ActivationRule rule, StepInput input) {
    if (rule instanceof ActivationRule.Selecting && input.sparsityCoefficient() != 0) {
      throw new IllegalArgumentException("the " + rule.name() + " rule has no sparsity penalty; the step's "
          + "coefficient must be 0, got " + input.sparsityCoefficient());
    }
  }

  /**
   * The per-feature step counts a backend of {@code rule} continues from: a copy of the state's under a rule that
   * counts ({@link ActivationRule#deadSteps()} &gt; 0: TopK, BatchTopK, JumpReLU with the pre-activation loss; all 0
   * for a fresh start), none under the other rules.
   *
   * @throws IllegalArgumentException when the state does not belong to the rule: counts of the wrong length, or
   *     counts or a threshold for a rule that keeps none
   */
  public static int[] stepsSinceFired(RuleState state, ActivationRule rule, int features) {
    if (state.hasThreshold() && !(rule instanceof ActivationRule.BatchTopK)) {
      throw new IllegalArgumentException("the " + rule.name() + " rule keeps no threshold, got "
          + state.threshold());
    }
    int[] counts = state.stepsSinceFired();
    if (rule.deadSteps() > 0) {
      if (counts.length != features && counts.length != 0) {
        throw new IllegalArgumentException("stepsSinceFired has " + counts.length + " entries, expected "
            + features + " (one per feature) or none (a fresh start) for the " + rule.name() + " rule");
      }
      return counts.length == 0 ? new int[features] : counts.clone();
    }
    if (counts.length != 0) {
      throw new IllegalArgumentException("the " + rule.name() + " rule keeps no stepsSinceFired, got "
          + counts.length + " entries");
    }
    return counts;
  }
}
