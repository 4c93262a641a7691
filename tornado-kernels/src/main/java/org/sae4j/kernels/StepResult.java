package org.sae4j.kernels;

/**
 * The scalars of one training step, all measured on the batch with the parameters <em>before</em> the update,
 * in the (scaled) space the batch was given in.
 *
 * @param loss mse + λ · l1 under the ReLU rule, mse + λ · l0 under JumpReLU (its penalty is L0; λ · the mean
 *     Σ tanh under the tanh penalty; plus the pre-activation loss when it is on), mse + the AuxK loss under TopK and
 *     BatchTopK
 * @param mse mean over the batch's rows of ‖x − x̂‖₂²
 * @param l1 mean over rows of Σ_i f_i(x)·‖W_d,i‖₂ (not multiplied by λ)
 * @param l0 mean over rows of the number of features with f_i(x) &gt; 0
 * @param gradNorm global L2 norm of the gradient over all parameters, before clipping
 */
public record StepResult(double loss, double mse, double l1, double l0, double gradNorm) {
}
