package org.sae4j.core.descriptor;

import java.util.List;

/**
 * How a sweep's points run and how its fits are bootstrapped: {@code sweep.parallel}, {@code sweep.runner},
 * {@code sweep.bootstrap} and the optional top-level {@code harvest:} section. Only {@link #bootstrap()} changes
 * the fits; it is part of the sweep's hash, the others are not ({@link #shardTokens()} changes the data set's
 * layout, and so its fingerprint, which every point's run records).
 *
 * @param parallel points trained at the same time, the threads split between them (1: one after another)
 * @param runner {@link #LOCAL} (this JVM) or {@link #SPARK} (each point a Spark task)
 * @param bootstrap resamples of the points behind each fit's interval
 * @param harvestRunner {@link #LOCAL} or {@link #SPARK}: who harvests the shared data set (Spark: one task per shard)
 * @param shardTokens rows per shard of a harvested data set; the local and the Spark harvest write the same shards
 */
public record SweepSettings(int parallel, String runner, int bootstrap, String harvestRunner, long shardTokens) {
  /** Runs points in the sweep's own JVM. */
  public static final String LOCAL = "local";
  /** Runs points (or the harvest) as Apache Spark tasks; needs the {@code sae-spark} module. */
  public static final String SPARK = "spark";
  /** The runners. */
  public static final List<String> RUNNERS = List.of(LOCAL, SPARK);
  /** Default of {@code sweep.bootstrap}. */
  public static final int DEFAULT_BOOTSTRAP = 1000;
  /** Fewest resamples allowed: fewer give percentile intervals that are mostly noise. */
  public static final int MIN_BOOTSTRAP = 100;

  public SweepSettings {
    if (parallel < 1 || bootstrap < MIN_BOOTSTRAP || shardTokens < 1) {
      throw new IllegalArgumentException("need parallel >= 1, bootstrap >= " + MIN_BOOTSTRAP
          + " and shardTokens >= 1, got " + parallel + ", " + bootstrap + ", " + shardTokens);
    }
    if (!RUNNERS.contains(runner) || !RUNNERS.contains(harvestRunner)) {
      throw new IllegalArgumentException("runners must be one of " + RUNNERS + ", got " + runner + ", "
          + harvestRunner);
    }
  }

  /** Worker threads for each of the {@link #parallel()} points trained at once out of {@code threads}. */
  public int threadsPerPoint(int threads) {
    return Math.max(1, threads / parallel);
  }
}
