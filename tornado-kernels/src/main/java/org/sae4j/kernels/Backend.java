package org.sae4j.kernels;

/**
 * A compute backend for one sparse autoencoder. It owns the parameters and Adam's state (so that a device
 * backend can keep them resident) and works at the level of a whole training step.
 *
 * <h2>The step (docs/recipe.md)</h2>
 * For a batch X of B rows (already scaled), under the ReLU rule ({@link BackendOptions#rule()}; other rules
 * replace f and the penalty as {@link ActivationRule} describes):
 * <pre>
 *   f   = ReLU(X W_eᵀ + b_e)                          [B × m]
 *   x̂   = f W_dᵀ + b_d                                [B × n]  (decoder columns = rows of decoderWeight)
 *   L   = (1/B) Σ_t ‖x_t − x̂_t‖² + λ (1/B) Σ_t Σ_i f_ti ‖W_d,i‖₂
 * </pre>
 * The penalty uses the current column norms and back-propagates into them. The gradient of L with respect to
 * all four parameters is clipped to global L2 norm {@code gradClip} (scaled by gradClip / max(norm, gradClip)),
 * then Adam (no weight decay) updates the parameters:
 * <pre>
 *   t += 1;  m = β1 m + (1−β1) g;  v = β2 v + (1−β2) g²
 *   p -= lr · (m / (1−β1^t)) / (sqrt(v / (1−β2^t)) + ε)
 * </pre>
 *
 * <h2>Numerical contract</h2>
 * Every backend agrees with a float64 evaluation of these formulas within a relative tolerance of 1e-4 on
 * parameters after a few steps and on the returned scalars; the set of active features matches exactly
 * except for pre-activations within float32 rounding of zero. The JVM backend is additionally bit-identical for
 * any thread count.
 *
 * <p>Instances are not thread-safe. {@link #close()} releases buffers and device memory, is idempotent, and
 * any other call after it throws {@link IllegalStateException}.
 */
public interface Backend extends AutoCloseable {

  /** Backend name, as used in descriptors ({@code jvm}, {@code tornadovm}). */
  String name();

  /** Human-readable device description, recorded in run.json. */
  String device();

  int inputDim();

  int features();

  /**
   * One training step on {@code rows} rows of {@code batch} (row-major, {@code rows × inputDim}, not modified).
   *
   * @param input this step's learning rate and sparsity coefficient
   * @return the step's scalars, measured before the update
   * @throws IllegalArgumentException when the input does not suit the backend's {@link ActivationRule}
   */
  StepResult step(float[] batch, int rows, StepInput input);

  /**
   * Encodes and decodes a batch without changing any state.
   *
   * @param batch {@code rows × inputDim}, not modified
   * @param reconstruction receives x̂, {@code rows × inputDim}; modified
   * @param codes receives the active features of each row; modified
   */
  void forward(float[] batch, int rows, float[] reconstruction, SparseCodes codes);

  /** A copy of the current parameters. */
  SaeParameters parameters();

  /** A copy of the current Adam state. */
  AdamState adamState();

  /**
   * The activation rule's own training state ({@link RuleState}; {@link RuleState#NONE} for rules without
   * state). Pass it to {@link BackendProvider#create(SaeParameters, AdamState, RuleState, BackendOptions)} to
   * continue exactly. Not a default method, so that a backend wrapping another cannot drop it by accident.
   */
  RuleState ruleState();

  @Override
  void close();
}
