package org.sae4j.kernels;

/**
 * Adam hyper-parameters and the gradient clip, fixed for the life of a backend.
 * The learning rate and the sparsity coefficient change every step and are passed to
 * {@link Backend#step(float[], int, StepInput)}.
 *
 * @param beta1 Adam β1 (paper: 0.9)
 * @param beta2 Adam β2 (paper: 0.999)
 * @param epsilon Adam ε (1e-8)
 * @param gradClip maximum global L2 norm of the gradient over all parameters (1.0); the gradient is scaled by
 *     {@code gradClip / max(norm, gradClip)}
 */
public record OptimiserSettings(double beta1, double beta2, double epsilon, double gradClip) {

  /** The paper's values. */
  public static final OptimiserSettings PAPER = new OptimiserSettings(0.9, 0.999, 1e-8, 1.0);

  public OptimiserSettings {
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
    }
    if (!(epsilon > 0) || !(gradClip > 0)) {
      throw new IllegalArgumentException("epsilon and gradClip must be positive, got " + epsilon + ", " + gradClip);
    }
  }
}
