package org.sae4j.core.descriptor;

import java.util.Locale;
import org.sae4j.kernels.OptimiserSettings;

/**
 * The {@code training} section: the recipe of docs/recipe.md. Defaults are the paper's.
 *
 * @param batchSize rows per step, 1..1,048,576 (4096)
 * @param lr peak learning rate, > 0 (5e-5)
 * @param l1 final L1 coefficient λ, >= 0 (5)
 * @param lrDecayFraction share of steps at the end over which lr decays linearly to 0, in [0, 1] (0.2)
 * @param l1WarmupFraction share of steps at the start over which λ rises linearly from 0, in [0, 1] (0.05)
 * @param gradClip maximum global L2 norm of the gradient, > 0 (1.0)
 * @param adamBeta1 Adam β1 in [0, 1) (0.9)
 * @param adamBeta2 Adam β2 in [0, 1) (0.999)
 * @param adamEpsilon Adam ε, > 0 (1e-8)
 * @param epochs passes over the training tokens, >= 1 (1)
 * @param logEvery steps between training-curve points, >= 1 (50)
 * @param scaleSampleTokens tokens used to estimate the input scale, >= 1 (100,000)
 * @param checkpointEvery steps between resumable checkpoints, >= 1, or {@value #CHECKPOINT_BY_TIME} for one every
 *     {@link #CHECKPOINT_MINUTES} minutes of training (the default); it does not change the result
 * @param onCollapse what a detected collapse does ({@link OnCollapse#STOP})
 * @param tokens training tokens per epoch: the first {@code tokens} of the data set's shuffled training stream, >= 1,
 *     or {@value #ALL_TOKENS} for all of them (the default); a sweep's token axis sets it, so that runs of different
 *     lengths share one data set
 */
public record TrainingSpec(int batchSize, double lr, double l1, double lrDecayFraction, double l1WarmupFraction,
                           double gradClip, double adamBeta1, double adamBeta2, double adamEpsilon, int epochs,
                           int logEvery, long scaleSampleTokens, long checkpointEvery, OnCollapse onCollapse,
                           long tokens) {
  /** Largest allowed {@code batchSize}. */
  public static final int MAX_BATCH_SIZE = 1 << 20;
  /** {@code checkpointEvery} when it is not set: checkpoints by wall time. */
  public static final long CHECKPOINT_BY_TIME = 0;
  /** Minutes of training between checkpoints when {@code checkpointEvery} is not set. */
  public static final int CHECKPOINT_MINUTES = 5;
  /** {@code tokens} when it is not set: every training token of the data set. */
  public static final long ALL_TOKENS = -1;

  /** The paper's recipe, every field at its default. */
  public static final TrainingSpec DEFAULTS = new TrainingSpec(4096, 5e-5, 5.0, 0.2, 0.05, 1.0, 0.9, 0.999, 1e-8, 1,
      50, 100_000, CHECKPOINT_BY_TIME, OnCollapse.STOP, ALL_TOKENS);

  /** What training does when it detects a collapse (L0 falling to 0 or most features dying). */
  public enum OnCollapse {
    /** Fail with the step, L0, the dead share and a suggestion. */
    STOP,
    /** Log one warning and train on. */
    WARN;

    /** The descriptor's spelling: {@code stop}, {@code warn}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public TrainingSpec {
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE || epochs < 1 || logEvery < 1 || scaleSampleTokens < 1) {
      throw new IllegalArgumentException("batchSize must be in [1, " + MAX_BATCH_SIZE
          + "] and epochs, logEvery, scaleSampleTokens >= 1");
    }
    if (checkpointEvery < 0 || onCollapse == null) {
      throw new IllegalArgumentException("checkpointEvery must be >= 0 (0: by time) and onCollapse set, got "
          + checkpointEvery + ", " + onCollapse);
    }
    if (tokens < 1 && tokens != ALL_TOKENS) {
      throw new IllegalArgumentException("tokens must be >= 1 or ALL_TOKENS, got " + tokens);
    }
    if (!(lr > 0) || !(l1 >= 0) || !(lrDecayFraction >= 0) || !(l1WarmupFraction >= 0)
        || !(lrDecayFraction + l1WarmupFraction <= 1) || !Double.isFinite(lr) || !Double.isFinite(l1)) {
      throw new IllegalArgumentException("need lr > 0, l1 >= 0 and fractions >= 0 with lrDecayFraction + "
          + "l1WarmupFraction <= 1");
    }
    new OptimiserSettings(adamBeta1, adamBeta2, adamEpsilon, gradClip); // validates the Adam fields
  }

  /**
   * Number of optimisation steps over {@code trainTokens} training tokens: whole batches only (a trailing partial
   * batch is dropped), {@code epochs} times.
   */
  public long steps(long trainTokens) {
    if (trainTokens < 0) {
      throw new IllegalArgumentException("trainTokens must be >= 0, got " + trainTokens);
    }
    return (trainTokens / batchSize) * epochs;
  }

  /** The training tokens of one epoch out of {@code available}: all of them, or the first {@link #tokens()}. */
  public long trainTokens(long available) {
    return tokens == ALL_TOKENS ? available : Math.min(tokens, available);
  }

  /** Adam hyper-parameters and the gradient clip for the backend. */
  public OptimiserSettings optimiser() {
    return new OptimiserSettings(adamBeta1, adamBeta2, adamEpsilon, gradClip);
  }
}
