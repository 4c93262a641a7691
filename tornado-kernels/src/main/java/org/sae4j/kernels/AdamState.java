package org.sae4j.kernels;

/**
 * Adam's moment estimates, one {@link SaeParameters}-shaped pair, and the number of updates taken.
 * Kept so that training can resume bit-identically from a checkpoint.
 *
 * @param step number of Adam updates already applied (t in the bias corrections)
 * @param firstMoment m, same shapes as the parameters
 * @param secondMoment v, same shapes as the parameters
 */
public record AdamState(long step, SaeParameters firstMoment, SaeParameters secondMoment) {

  public AdamState {
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, got " + step);
    }
    if (firstMoment.inputDim() != secondMoment.inputDim() || firstMoment.features() != secondMoment.features()) {
      throw new IllegalArgumentException("first and second moments differ in shape");
    }
  }

  /** Fresh state (t = 0, zero moments) for the given shape. */
  public static AdamState initial(int inputDim, int features) {
    return new AdamState(0, SaeParameters.zeros(inputDim, features), SaeParameters.zeros(inputDim, features));
  }
}
