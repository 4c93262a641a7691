package org.sae4j.core.train;

import java.util.SplittableRandom;
import org.sae4j.kernels.Gaussian;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.kernels.Seeds;

/**
 * Seeded initial parameters (docs/recipe.md): each decoder column is a uniformly random direction (a normalised Gaussian
 * vector) scaled to {@code decoderNorm}; the encoder is the decoder's transpose (W_e = W_dᵀ); both biases are zero.
 * In sae4j's layout both weights are m rows of n, so the encoder rows equal the decoder rows.
 */
public final class Initialisation {
  /** The name of the random stream drawn from the run seed ({@link Seeds#derive(long, String)}). */
  static final String STREAM = "initialisation";

  private Initialisation() {
  }

  /** Initial parameters for an SAE with n = {@code inputDim} and m = {@code features}, from the run seed. */
  public static SaeParameters parameters(int inputDim, int features, double decoderNorm, long seed) {
    if (!(decoderNorm > 0)) {
      throw new IllegalArgumentException("decoderNorm must be > 0, got " + decoderNorm);
    }
    SplittableRandom random = new SplittableRandom(Seeds.derive(seed, STREAM));
    SaeParameters p = SaeParameters.zeros(inputDim, features);
    float[] decoder = p.decoderWeight();
    double[] column = new double[inputDim];
    for (int i = 0; i < features; i++) {
      double norm;
      do {
        norm = 0;
        for (int j = 0; j < inputDim; j++) {
          column[j] = Gaussian.next(random);
          norm += column[j] * column[j];
        }
        norm = Math.sqrt(norm);
      } while (norm == 0);
      for (int j = 0; j < inputDim; j++) {
        decoder[i * inputDim + j] = (float) (column[j] / norm * decoderNorm);
      }
    }
    System.arraycopy(decoder, 0, p.encoderWeight(), 0, decoder.length);
    return p;
  }
}
