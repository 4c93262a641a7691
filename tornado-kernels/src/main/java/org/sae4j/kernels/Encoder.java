package org.sae4j.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The encoder f = ReLU(X·W_eᵀ + b_e) as a cache-blocked GEMM with the bias, the ReLU and the extraction of
 * the active set fused in, so the dense B × m pre-activation matrix never exists.
 *
 * <p>W_e is packed once per step into feature panels ({@link #packWeights}). The batch is cut into fixed blocks
 * of {@value #ROW_BLOCK} rows, one task each; a task packs its rows, then walks the features in chunks of
 * {@link #CHUNK}, accumulating the block × chunk pre-activations in a scratch tile that stays in the L2 cache.
 * The inner dimension is taken {@value #DEPTH} columns at a time so that the slice of a feature panel being
 * used (16 KB with 256-bit vectors) stays in L1 while every row micro-tile of the block passes over it. When a
 * chunk is complete, b_e is added and the positive entries are appended; at the end they are put in row-major
 * order. Every pre-activation is the same ascending-j chain of fused multiply-adds whatever the blocking and
 * the thread count, so the active set is too.
 *
 * <p>Buffers are sized at construction from the largest batch and reused; only the active-set lists grow,
 * when a batch has more active pairs than any before.
 */
final class Encoder {

  /** Rows per task. */
  static final int ROW_BLOCK = 32 * GemmKernel.ROWS;
  /** Features per scratch tile. */
  static final int CHUNK = 4 * GemmKernel.COLS;
  /** Inner-dimension block of the product. */
  static final int DEPTH = 256;
  private static final int PANELS_PER_PACK_TASK = 8;
  private static final VectorSpecies<Float> S = VectorOps.FLOATS;
  private static final int L = VectorOps.LANES;

  private final int n;
  private final int m;
  private final int panels;
  private final float[] packedWeights;
  private final Scratch[] scratch;
  private final Block[] blocks;

  /** Per-worker buffers. */
  private static final class Scratch {
    final float[] rowsPanel;
    final float[] tile = new float[ROW_BLOCK * CHUNK];
    final int[] rowCount = new int[ROW_BLOCK];
    int size;
    int[] row = new int[256];
    int[] feature = new int[256];
    float[] value = new float[256];

    Scratch(int inputDim) {
      rowsPanel = new float[ROW_BLOCK * inputDim];
    }

    void append(int r, int f, float v) {
      if (size == row.length) {
        int grown = size + (size >> 1);
        row = Arrays.copyOf(row, grown);
        feature = Arrays.copyOf(feature, grown);
        value = Arrays.copyOf(value, grown);
      }
      row[size] = r;
      feature[size] = f;
      value[size] = v;
      size++;
      rowCount[r]++;
    }
  }

  /** One row block's active entries, row-major. */
  private static final class Block {
    final int[] rowCount = new int[ROW_BLOCK];
    int rows;
    int size;
    int[] feature = new int[256];
    float[] value = new float[256];
  }

  Encoder(int inputDim, int features, int maxRows, int workers) {
    this.n = inputDim;
    this.m = features;
    this.panels = WorkerPool.blocks(features, GemmKernel.COLS);
    long packed = (long) panels * GemmKernel.COLS * inputDim;
    if (packed > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("features " + features + " padded to " + panels * GemmKernel.COLS
          + " × inputDim " + inputDim + " does not fit a Java array");
    }
    this.packedWeights = new float[(int) packed];
    this.scratch = new Scratch[workers];
    for (int w = 0; w < workers; w++) {
      scratch[w] = new Scratch(inputDim);
    }
    this.blocks = new Block[WorkerPool.blocks(maxRows, ROW_BLOCK)];
    for (int b = 0; b < blocks.length; b++) {
      blocks[b] = new Block();
    }
  }

  /** Packs the current W_e (m × n, row-major; not modified) into feature panels for the next encodes. */
  void packWeights(float[] encoderWeight, WorkerPool pool) {
    pool.forEach(WorkerPool.blocks(panels, PANELS_PER_PACK_TASK), (task, worker) -> {
      int end = Math.min(panels, (task + 1) * PANELS_PER_PACK_TASK);
      for (int p = task * PANELS_PER_PACK_TASK; p < end; p++) {
        int f0 = p * GemmKernel.COLS;
        GemmKernel.packFeatures(encoderWeight, f0, Math.min(GemmKernel.COLS, m - f0), n, packedWeights,
            f0 * n);
      }
    });
  }

  /**
   * Encodes rows [0, rows) of {@code x} with the weights last packed and {@code bias} (neither modified) and
   * fills {@code out}'s row-major view (rows, rowStart, feature, value, entryRow).
   */
  void encode(float[] x, int rows, float[] bias, WorkerPool pool, ActiveSet out) {
    int count = WorkerPool.blocks(rows, ROW_BLOCK);
    pool.forEach(count, (b, worker) -> encodeBlock(x, rows, b, bias, scratch[worker], blocks[b]));
    int total = 0;
    for (int b = 0; b < count; b++) {
      total += blocks[b].size;
    }
    out.ensureCapacity(total);
    out.rows = rows;
    out.size = total;
    int k = 0;
    int t = 0;
    for (int b = 0; b < count; b++) {
      Block block = blocks[b];
      System.arraycopy(block.feature, 0, out.feature, k, block.size);
      System.arraycopy(block.value, 0, out.value, k, block.size);
      for (int r = 0; r < block.rows; r++, t++) {
        out.rowStart[t] = k;
        Arrays.fill(out.entryRow, k, k + block.rowCount[r], t);
        k += block.rowCount[r];
      }
    }
    out.rowStart[rows] = k;
  }

  private void encodeBlock(float[] x, int rows, int b, float[] bias, Scratch s, Block out) {
    int row0 = b * ROW_BLOCK;
    int count = Math.min(ROW_BLOCK, rows - row0);
    int tiles = WorkerPool.blocks(count, GemmKernel.ROWS);
    int tileSize = GemmKernel.ROWS * n;
    for (int t = 0; t < tiles; t++) {
      int r0 = t * GemmKernel.ROWS;
      GemmKernel.packRows(x, row0 + r0, Math.min(GemmKernel.ROWS, count - r0), n, s.rowsPanel, t * tileSize);
    }
    Arrays.fill(s.rowCount, 0);
    s.size = 0;
    int panelSize = GemmKernel.COLS * n;
    for (int f0 = 0; f0 < m; f0 += CHUNK) {
      int chunkPanels = Math.min(CHUNK, panels * GemmKernel.COLS - f0) / GemmKernel.COLS;
      // Depth blocks keep one feature panel slice in L1 while every row tile of the block passes over it.
      for (int j0 = 0; j0 < n; j0 += DEPTH) {
        int k = Math.min(DEPTH, n - j0);
        for (int p = 0; p < chunkPanels; p++) {
          int wOff = (f0 / GemmKernel.COLS + p) * panelSize;
          for (int t = 0; t < tiles; t++) {
            GemmKernel.multiply(s.rowsPanel, t * tileSize, packedWeights, wOff, n, j0, k, s.tile,
                t * GemmKernel.ROWS * CHUNK + p * GemmKernel.COLS, CHUNK, j0 > 0);
          }
        }
      }
      extract(s, count, f0, Math.min(CHUNK, m - f0), bias);
    }
    toRowMajor(s, count, out);
  }

  /** Appends the positive entries of tile columns [0, width), features f0.., of rows [0, count). */
  private static void extract(Scratch s, int count, int f0, int width, float[] bias) {
    float[] tile = s.tile;
    int full = S.loopBound(width);
    for (int r = 0; r < count; r++) {
      int base = r * CHUNK;
      for (int c = 0; c < full; c += L) {
        FloatVector pre = FloatVector.fromArray(S, tile, base + c).add(FloatVector.fromArray(S, bias, f0 + c));
        long positive = pre.compare(VectorOperators.GT, 0f).toLong();
        if (positive != 0) {
          appendLanes(s, r, f0, c, positive, tile, base, bias);
        }
      }
      if (full < width) {
        VectorMask<Float> inRange = S.indexInRange(full, width);
        FloatVector pre = FloatVector.fromArray(S, tile, base + full)
            .add(FloatVector.fromArray(S, bias, f0 + full, inRange));
        appendLanes(s, r, f0, full, pre.compare(VectorOperators.GT, 0f, inRange).toLong(), tile, base, bias);
      }
    }
  }

  private static void appendLanes(Scratch s, int r, int f0, int c, long lanes, float[] tile, int base,
                                  float[] bias) {
    for (long rest = lanes; rest != 0; rest &= rest - 1) {
      int lane = Long.numberOfTrailingZeros(rest);
      // The scalar sum rounds exactly as the lane did.
      s.append(r, f0 + c + lane, tile[base + c + lane] + bias[f0 + c + lane]);
    }
  }

  /** Stable counting sort of the chunk-major entries by row, so each row's features ascend. */
  private static void toRowMajor(Scratch s, int count, Block out) {
    if (out.feature.length < s.size) {
      int grown = Math.max(s.size, out.feature.length + (out.feature.length >> 1));
      out.feature = new int[grown];
      out.value = new float[grown];
    }
    int[] cursor = out.rowCount;
    int sum = 0;
    for (int r = 0; r < count; r++) {
      cursor[r] = sum;
      sum += s.rowCount[r];
    }
    for (int k = 0; k < s.size; k++) {
      int at = cursor[s.row[k]]++;
      out.feature[at] = s.feature[k];
      out.value[at] = s.value[k];
    }
    System.arraycopy(s.rowCount, 0, out.rowCount, 0, count);
    out.rows = count;
    out.size = s.size;
  }
}
