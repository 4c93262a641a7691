package org.sae4j.core.train;

import org.sae4j.kernels.OptimiserSettings;

/**
 * Everything the trainer needs, independent of where it came from (a descriptor, a test, a sweep).
 *
 * @param seed run seed: initialisation, input-scale sample and data shuffling derive from it
 * @param features m, the dictionary size
 * @param decoderInitNorm norm of each initial decoder column
 * @param batchSize rows per step
 * @param lr peak learning rate
 * @param l1 final λ
 * @param lrDecayFraction share of steps at the end over which lr decays to 0
 * @param l1WarmupFraction share of steps at the start over which λ rises from 0
 * @param optimiser Adam settings and gradient clip
 * @param epochs passes over the training rows
 * @param logEvery steps between training-curve points
 * @param scaleSampleTokens rows used to estimate the input scale
 */
public record TrainingConfig(long seed, int features, double decoderInitNorm, int batchSize, double lr, double l1,
                             double lrDecayFraction, double l1WarmupFraction, OptimiserSettings optimiser, int epochs,
                             int logEvery, long scaleSampleTokens) {

  public TrainingConfig {
    if (features < 1 || batchSize < 1 || epochs < 1 || logEvery < 1 || scaleSampleTokens < 1) {
      throw new IllegalArgumentException("features, batchSize, epochs, logEvery and scaleSampleTokens must be >= 1");
    }
  }

  /** Steps for a run over {@code trainRows} rows: whole batches only, {@code epochs} times. */
  public long steps(long trainRows) {
    return (trainRows / batchSize) * epochs;
  }
}
