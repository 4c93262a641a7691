package org.sae4j.core.cli;

import java.util.Locale;

/**
 * A rough size of what training holds on the Java heap, for the out-of-memory message. With n the activation
 * dimension, m the features and B the batch size, and P = 2·n·m + n + m floats of parameters:
 *
 * @param state the parameters and both Adam moments, 3·P floats
 * @param copies as much again: the initial state handed to the backend, and the snapshot taken for the checkpoint
 * @param workspace the JVM backend's buffers: a gradient the size of the parameters, the packed encoder weights
 *     (n·m floats), the residuals (B·n floats), and the active-set lists at 40 bytes per active (row, feature) pair,
 *     sized for half the features active per row as right after initialisation
 * @param batches the batch, the reader's output batch and its mixing buffer (64 batches, at most 2^25 floats)
 * @param data the planted directions of synthetic data (trueFeatures·n floats), 0 for other sources
 * @param runtime a fixed allowance for the JVM, Arrow, Jackson and the rest of the engine
 */
record MemoryEstimate(long state, long copies, long workspace, long batches, long data, long runtime) {
  private static final long FLOAT = Float.BYTES;
  private static final long BYTES_PER_ACTIVE_PAIR = 40;
  /** The reader's default mixing buffer: 64 batches' worth of rows, capped at 2^25 floats (ActivationStore). */
  private static final long MIX_BATCHES = 64;
  private static final long MAX_MIX_FLOATS = 1L << 25;
  private static final long MIB = 1L << 20;
  private static final long GIB = 1L << 30;
  /** A fixed allowance for the JVM's own heap use and the libraries' (Arrow, Jackson, the class library). */
  static final long RUNTIME = 256 * MIB;

  /**
   * @param n the activation dimension
   * @param m the number of features
   * @param batchSize rows per step
   * @param truthFloats floats of planted directions held alongside (synthetic data), else 0
   */
  static MemoryEstimate of(int n, int m, int batchSize, long truthFloats) {
    long parameters = 2L * n * m + n + m;
    long batchFloats = (long) batchSize * n;
    long activePairs = (long) batchSize * m / 2;
    return new MemoryEstimate(3 * parameters * FLOAT, 3 * parameters * FLOAT,
        (parameters + (long) n * m + batchFloats) * FLOAT + activePairs * BYTES_PER_ACTIVE_PAIR,
        (2 * batchFloats + Math.min(MIX_BATCHES * batchFloats, MAX_MIX_FLOATS)) * FLOAT, truthFloats * FLOAT,
        RUNTIME);
  }

  /** Everything together. */
  long total() {
    return state + copies + workspace + batches + data + runtime;
  }

  /**
   * The {@code -Xmx} to suggest: a quarter more than the estimate, and at least twice the heap that just ran out
   * (the estimate is rough and leaves out, e.g., a harvested model's weights); whole GiB from 1 GiB up, else whole
   * 256 MiB.
   *
   * @param maxHeap the maximum heap of the JVM that ran out, in bytes
   */
  String suggestedXmx(long maxHeap) {
    long want = Math.max(total() + total() / 4, 2 * maxHeap);
    if (want >= GIB) {
      return "-Xmx" + Math.ceilDiv(want, GIB) + "g";
    }
    return "-Xmx" + Math.ceilDiv(want, 256 * MIB) * 256 + "m";
  }

  /** E.g. "parameters and Adam moments 192 MiB, their copies 192 MiB, ...". */
  String breakdown() {
    return "parameters and Adam moments " + size(state) + " (3 × (2·n·m + n + m) floats), their copies " + size(copies)
        + ", backend workspace " + size(workspace) + ", batches and reader buffers " + size(batches)
        + (data > 0 ? ", planted features " + size(data) : "") + ", JVM and libraries " + size(runtime);
  }

  /** Bytes as MiB below 1 GiB, else GiB with one decimal. */
  static String size(long bytes) {
    return bytes >= GIB ? String.format(Locale.ROOT, "%.1f GiB", (double) bytes / GIB)
        : String.format(Locale.ROOT, "%,d MiB", Math.ceilDiv(bytes, MIB));
  }
}
