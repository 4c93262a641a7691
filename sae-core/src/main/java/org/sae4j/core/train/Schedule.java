package org.sae4j.core.train;

/**
 * The paper's schedules (docs/recipe.md) over {@code totalSteps} steps, indexed from 0: the learning rate is constant, then
 * decays linearly to 0 over the last {@code lrDecayFraction} of the steps; λ rises linearly from 0 over the first
 * {@code l1WarmupFraction} of the steps, then stays constant.
 *
 * @param totalSteps number of optimisation steps in the run (>= 1)
 * @param lr peak learning rate
 * @param l1 final L1 coefficient λ
 * @param lrDecayFraction share of steps, at the end, over which lr falls to 0
 * @param l1WarmupFraction share of steps, at the start, over which λ rises from 0
 */
public record Schedule(long totalSteps, double lr, double l1, double lrDecayFraction, double l1WarmupFraction) {

  public Schedule {
    if (totalSteps < 1) {
      throw new IllegalArgumentException("totalSteps must be >= 1, got " + totalSteps);
    }
    if (!(lrDecayFraction >= 0 && lrDecayFraction <= 1) || !(l1WarmupFraction >= 0 && l1WarmupFraction <= 1)) {
      throw new IllegalArgumentException("schedule fractions must be in [0, 1], got lrDecayFraction="
          + lrDecayFraction + ", l1WarmupFraction=" + l1WarmupFraction);
    }
  }

  /** Number of steps at the end over which the learning rate decays. */
  public long decaySteps() {
    return Math.round(lrDecayFraction * totalSteps);
  }

  /**
   * Number of steps at the start over which λ rises: round(fraction · T), but at least 1 when the fraction is
   * positive, so that a run of fewer than 10 steps still starts at λ = 0 as the recipe says (round(0.05 · T) is 0
   * there).
   */
  public long warmupSteps() {
    long steps = Math.round(l1WarmupFraction * totalSteps);
    return l1WarmupFraction > 0 ? Math.max(1, steps) : steps;
  }

  /** Learning rate of step {@code step} (0-based): lr·(T − step)/D on the last D steps, so it reaches 0 at T. */
  public double learningRate(long step) {
    long decay = decaySteps();
    long decayStart = totalSteps - decay;
    if (decay == 0 || step < decayStart) {
      return lr;
    }
    return lr * (double) (totalSteps - step) / decay;
  }

  /** λ of step {@code step} (0-based): λ·step/W on the first W steps, so the first step has no penalty. */
  public double l1Coefficient(long step) {
    long warmup = warmupSteps();
    if (step >= warmup) {
      return l1;
    }
    return l1 * (double) step / warmup;
  }
}
