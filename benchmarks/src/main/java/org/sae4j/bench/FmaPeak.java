package org.sae4j.bench;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * This machine's float32 fused multiply-add peak through the Vector API, measured rather than taken from a data
 * sheet: each thread runs {@value #CHAINS} independent FMA chains on the preferred species (c ← c·a + b, registers
 * only, no loads), enough to cover the FMA latency times the number of FMA pipes of current x86 and ARM cores (4
 * cycles × 2 pipes on Zen 4/5 and recent Intel cores), so the loop is throughput-bound. The threads start together
 * and the rate is all their FLOPs over the wall time from the common start to the last one's end; the best of
 * several repetitions is the peak (load from other processes only lowers a repetition). It is the denominator of
 * the benchmarks' floor: the encoder product's 2·B·n·m FLOPs at this rate take the shortest time any kernel could.
 */
final class FmaPeak {

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  /** Independent accumulators per thread (16 of the 32 vector registers of AVX-512; 16 of 32 on NEON/SVE). */
  static final int CHAINS = 16;
  /** Repetitions timed; the best is kept. */
  private static final int REPETITIONS = 7;
  /** How long a repetition runs, so that thread start-up is negligible. */
  private static final double TARGET_SECONDS = 0.15;

  /**
   * What a measurement found.
   *
   * @param gflops the best repetition's rate over all threads, GFLOP/s (one FMA = 2 FLOPs)
   * @param threads threads that ran at once
   * @param lanes float lanes of the species used
   */
  record Result(double gflops, int threads, int lanes) {

    /** The time in milliseconds {@code flops} take at this peak. */
    double floorMillis(double flops) {
      return flops / (gflops * 1e9) * 1e3;
    }
  }

  private FmaPeak() {
  }

  /** Measures the peak with {@code threads} threads at once. */
  static Result measure(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    // Warm-up: compile the loop, then size a repetition to TARGET_SECONDS from a timed single-thread run.
    int probe = 1 << 16;
    for (int w = 0; w < 20; w++) {
      chains(probe, w);
    }
    long t0 = System.nanoTime();
    chains(probe * 16, 1);
    double perIteration = (System.nanoTime() - t0) / 1e9 / (probe * 16);
    int iterations = (int) Math.min(Integer.MAX_VALUE, Math.max(probe, TARGET_SECONDS / perIteration));
    double best = 0;
    for (int r = 0; r < REPETITIONS; r++) {
      double seconds = run(threads, iterations);
      best = Math.max(best, (double) threads * iterations * CHAINS * S.length() * 2 / seconds / 1e9);
    }
    return new Result(best, threads, S.length());
  }

  /** Wall seconds for {@code threads} threads to run {@code iterations} iterations each, from a common start. */
  private static double run(int threads, int iterations) {
    CyclicBarrier start = new CyclicBarrier(threads + 1);
    Thread[] workers = new Thread[threads];
    float[] sink = new float[threads];
    for (int t = 0; t < threads; t++) {
      int id = t;
      workers[t] = new Thread(() -> {
        await(start);
        sink[id] = chains(iterations, id);
      }, "fma-peak-" + t);
      workers[t].start();
    }
    await(start);
    long begin = System.nanoTime();
    for (Thread w : workers) {
      try {
        w.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while measuring the FMA peak", e);
      }
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    if (Float.isNaN(sink[0])) {
      throw new IllegalStateException("the FMA chains produced NaN");
    }
    return seconds;
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while measuring the FMA peak", e);
    } catch (BrokenBarrierException e) {
      throw new IllegalStateException("a thread of the FMA peak measurement failed", e);
    }
  }

  /**
   * Runs {@value #CHAINS} chains c ← c·a + b for {@code iterations} steps and returns a value that depends on all
   * of them (so none is dead code). The chains start from different values so that the compiler cannot merge them;
   * with 0 &lt; a &lt; 1 each converges to b / (1 − a), never overflowing nor reaching subnormals.
   */
  static float chains(int iterations, int seed) {
    FloatVector a = FloatVector.broadcast(S, 0.999f);
    FloatVector b = FloatVector.broadcast(S, 1e-3f);
    FloatVector c0 = FloatVector.broadcast(S, seed + 0.01f);
    FloatVector c1 = FloatVector.broadcast(S, seed + 0.02f);
    FloatVector c2 = FloatVector.broadcast(S, seed + 0.03f);
    FloatVector c3 = FloatVector.broadcast(S, seed + 0.04f);
    FloatVector c4 = FloatVector.broadcast(S, seed + 0.05f);
    FloatVector c5 = FloatVector.broadcast(S, seed + 0.06f);
    FloatVector c6 = FloatVector.broadcast(S, seed + 0.07f);
    FloatVector c7 = FloatVector.broadcast(S, seed + 0.08f);
    FloatVector c8 = FloatVector.broadcast(S, seed + 0.09f);
    FloatVector c9 = FloatVector.broadcast(S, seed + 0.10f);
    FloatVector c10 = FloatVector.broadcast(S, seed + 0.11f);
    FloatVector c11 = FloatVector.broadcast(S, seed + 0.12f);
    FloatVector c12 = FloatVector.broadcast(S, seed + 0.13f);
    FloatVector c13 = FloatVector.broadcast(S, seed + 0.14f);
    FloatVector c14 = FloatVector.broadcast(S, seed + 0.15f);
    FloatVector c15 = FloatVector.broadcast(S, seed + 0.16f);
    for (int i = 0; i < iterations; i++) {
      c0 = c0.fma(a, b);
      c1 = c1.fma(a, b);
      c2 = c2.fma(a, b);
      c3 = c3.fma(a, b);
      c4 = c4.fma(a, b);
      c5 = c5.fma(a, b);
      c6 = c6.fma(a, b);
      c7 = c7.fma(a, b);
      c8 = c8.fma(a, b);
      c9 = c9.fma(a, b);
      c10 = c10.fma(a, b);
      c11 = c11.fma(a, b);
      c12 = c12.fma(a, b);
      c13 = c13.fma(a, b);
      c14 = c14.fma(a, b);
      c15 = c15.fma(a, b);
    }
    FloatVector sum = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
        .add(c12).add(c13).add(c14).add(c15);
    return sum.reduceLanes(VectorOperators.ADD);
  }
}
