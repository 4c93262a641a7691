package org.sae4j.kernels;

import java.nio.charset.StandardCharsets;

/**
 * The one way sae4j derives independent random streams from a run's seed: every consumer (initialisation, input
 * scale sample, train/eval split, shuffling per epoch, synthetic data per shard) names its stream, and
 * {@link #derive(long, String)} turns (seed, name) into a well-mixed 64-bit seed. Names, not ad-hoc XOR constants,
 * keep streams unrelated and make each one's purpose readable where it is drawn.
 */
public final class Seeds {

  private Seeds() {
  }

  /** The seed of stream {@code stream} of the run seed {@code seed}. */
  public static long derive(long seed, String stream) {
    return mix(seed ^ mix(fnv1a(stream)));
  }

  /** The seed of the {@code index}-th member of a family of streams (an epoch, a shard, a chunk). */
  public static long derive(long seed, String stream, long index) {
    return mix(derive(seed, stream) + index * 0x9E3779B97F4A7C15L);
  }

  /** SplitMix64's finaliser: a bijection of 64-bit values whose outputs look independent. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static long fnv1a(String text) {
    long h = 0xCBF29CE484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xFF)) * 0x100000001B3L;
    }
    return h;
  }
}
