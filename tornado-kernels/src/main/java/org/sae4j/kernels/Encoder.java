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
 * of {@link #ROW_BLOCK} rows, one task each; a task packs its rows, then walks the features in chunks of
 * {@link #CHUNK}, accumulating the block × chunk pre-activations in a scratch tile that stays in the L2 cache.
 * The inner dimension is taken {@link #DEPTH} columns at a time, so that with the narrow tile the slice of
 * a feature panel being used stays in L1 while every row micro-tile of the block passes over it. When a
 * chunk is complete, b_e is added and the positive entries are appended; at the end they are put in row-major
 * order. Every pre-activation is the same ascending-j chain of fused multiply-adds whatever the blocking and
 * the thread count, so the active set is too.
 *
 * <p>Under the {@link ActivationRule.JumpRelu} rule the extraction compares against a per-feature floor instead
 * of 0 ({@link #encodeAbove}).
 *
 * <p>Under a {@link ActivationRule.TopK} rule each row keeps its own candidate list instead: a chunk appends the
 * row's pre-activations above the row's current threshold, and when the list holds more than 2k candidates it
 * is cut to the best k ({@link TopKSelection}) and the k-th value becomes the threshold (a later feature has a
 * higher index and so must beat it strictly). A row's work is thus O(m + k) and no list grows beyond 2k plus
 * one chunk. When some features are dead, the rows also keep the best {@code auxK} positive pre-activations of
 * the dead features for the AuxK loss, in a second active set.
 *
 * <p>Buffers are sized at construction from the largest batch and reused; only the active-set lists grow,
 * when a batch has more active pairs than any before.
 */
final class Encoder {

  /** Rows per task: as many whole row micro-tiles as fit in 128 rows (126 with the 6-row tile). */
  static final int ROW_BLOCK = 128 / GemmKernel.ROWS * GemmKernel.ROWS;
  /** Features per scratch tile: two panels of the wide tile (128 features), four of the narrow one. */
  static final int CHUNK = (GemmKernel.WIDE ? 2 : 4) * GemmKernel.COLS;
  /**
   * Inner-dimension block of the product. The wide tile takes up to 768 columns per call: on Zen 5 (L1 48 KB,
   * L2 1 MB) cutting n = 768 into blocks of 256 or 128 made it slower, since each block reloads and stores the
   * 24 accumulators while its feature panel slice streams from L2 at a low rate anyway; the narrow tile keeps
   * 256, whose panel slice (16 KB with 256-bit vectors) stays in L1.
   */
  static final int DEPTH = GemmKernel.WIDE ? 768 : 256;
  private static final int PANELS_PER_PACK_TASK = 8;
  private static final VectorSpecies<Float> S = VectorOps.FLOATS;
  private static final int L = VectorOps.LANES;

  private final int n;
  private final int m;
  private final int panels;
  private final float[] packedWeights;
  private final Scratch[] scratch;
  private final Block[] blocks;
  /** Features kept per row, or 0 for the ReLU rule (every positive one). */
  private final int k;
  /** Dead features kept per row for the AuxK loss, 0 when it is off. */
  private final int auxK;

  /** Per-worker buffers. */
  private static final class Scratch {
    final float[] rowsPanel;
    final float[] tile = new float[ROW_BLOCK * CHUNK];
    final int[] rowCount = new int[ROW_BLOCK];
    int size;
    int[] row = new int[256];
    int[] feature = new int[256];
    float[] value = new float[256];

    /** Per-row candidates of the TopK rule (null under ReLU), and of the AuxK loss (null when it is off). */
    final Candidates main;
    final Candidates aux;
    final TopKSelection selection = new TopKSelection();

    Scratch(int inputDim, int k, int auxK) {
      rowsPanel = new float[ROW_BLOCK * inputDim];
      main = k > 0 ? new Candidates(k) : null;
      aux = auxK > 0 ? new Candidates(auxK) : null;
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

  /**
   * Each row's best candidates so far, in ascending feature order, for one top-k selection: at most 2k plus one
   * chunk per row.
   */
  private static final class Candidates {
    final int keep;
    final int capacity;
    final int[] feature;
    final float[] value;
    final int[] size = new int[ROW_BLOCK];
    /** A candidate must be above this to enter: 0, or the k-th value after a cut. */
    final float[] threshold = new float[ROW_BLOCK];

    Candidates(int keep) {
      this.keep = keep;
      this.capacity = 2 * keep + CHUNK;
      this.feature = new int[ROW_BLOCK * capacity];
      this.value = new float[ROW_BLOCK * capacity];
    }

    void clear() {
      Arrays.fill(size, 0);
      Arrays.fill(threshold, 0f);
    }

    void append(int r, int f, float v) {
      int at = r * capacity + size[r]++;
      feature[at] = f;
      value[at] = v;
    }

    /** After a chunk: cuts a row that holds more than 2k candidates to its best k and raises its threshold. */
    void cut(int r, TopKSelection selection) {
      if (size[r] <= 2 * keep) {
        return;
      }
      int from = r * capacity;
      size[r] = selection.keep(feature, value, from, size[r], keep);
      float lowest = Float.POSITIVE_INFINITY;
      for (int e = from; e < from + size[r]; e++) {
        lowest = Math.min(lowest, value[e]);
      }
      threshold[r] = lowest;
    }
  }

  /** One row block's active entries, row-major, and those of the AuxK loss. */
  private static final class Block {
    final int[] rowCount = new int[ROW_BLOCK];
    final int[] auxRowCount = new int[ROW_BLOCK];
    int rows;
    int size;
    int auxSize;
    int[] feature = new int[256];
    float[] value = new float[256];
    int[] auxFeature = new int[256];
    float[] auxValue = new float[256];
  }

  /** An encoder for the ReLU rule. */
  Encoder(int inputDim, int features, int maxRows, int workers) {
    this(inputDim, features, maxRows, workers, ActivationRule.RELU);
  }

  Encoder(int inputDim, int features, int maxRows, int workers, ActivationRule rule) {
    this.n = inputDim;
    this.m = features;
    if (rule instanceof ActivationRule.TopK topK) {
      this.k = Math.min(topK.k(), features);
      this.auxK = topK.auxiliary() ? Math.min(topK.auxK(), features) : 0;
    } else {
      this.k = 0;
      this.auxK = 0;
    }
    this.panels = WorkerPool.blocks(features, GemmKernel.COLS);
    long packed = (long) panels * GemmKernel.COLS * inputDim;
    if (packed > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("features " + features + " padded to " + panels * GemmKernel.COLS
          + " × inputDim " + inputDim + " does not fit a Java array");
    }
    this.packedWeights = new float[(int) packed];
    this.scratch = new Scratch[workers];
    for (int w = 0; w < workers; w++) {
      scratch[w] = new Scratch(inputDim, k, auxK);
    }
    this.blocks = new Block[WorkerPool.blocks(maxRows, ROW_BLOCK)];
    for (int b = 0; b < blocks.length; b++) {
      blocks[b] = new Block();
    }
  }

  /** Packs the current W_e (m × n, row-major; not modified) into feature panels for the next encodes. */
  void packWeights(float[] encoderWeight, WorkerPool pool) {
    int featuresPerTask = PANELS_PER_PACK_TASK * GemmKernel.COLS;
    pool.forEach(WorkerPool.blocks(panels, PANELS_PER_PACK_TASK), (task, worker) -> packWeights(encoderWeight,
        task * featuresPerTask, Math.min(m, (task + 1) * featuresPerTask)));
  }

  /**
   * Packs features [start, end) of the current W_e (not modified), the whole panels they make up: {@code start}
   * must be a multiple of the tile width and {@code end} too, or m ({@link #packsBlocksOf}).
   */
  void packWeights(float[] encoderWeight, int start, int end) {
    if (start % GemmKernel.COLS != 0 || (end % GemmKernel.COLS != 0 && end != m) || start > end || end > m) {
      throw new IllegalArgumentException("features [" + start + ", " + end + ") are not whole panels of "
          + GemmKernel.COLS + " of " + m);
    }
    for (int f0 = start; f0 < end; f0 += GemmKernel.COLS) {
      GemmKernel.packFeatures(encoderWeight, f0, Math.min(GemmKernel.COLS, m - f0), n, packedWeights, f0 * n);
    }
  }

  /** Whether features can be packed in blocks of {@code size} ({@link #packWeights(float[], int, int)}). */
  static boolean packsBlocksOf(int size) {
    return size % GemmKernel.COLS == 0;
  }

  /**
   * Encodes rows [0, rows) of {@code x} with the weights last packed and {@code bias} (neither modified) and
   * fills {@code out}'s row-major view (rows, rowStart, feature, value, entryRow).
   */
  void encode(float[] x, int rows, float[] bias, WorkerPool pool, ActiveSet out) {
    encode(x, rows, bias, null, pool, out, null);
  }

  /**
   * As {@link #encode(float[], int, float[], WorkerPool, ActiveSet)}, and, when {@code dead} marks at least one
   * feature and the AuxK loss is on, also fills {@code aux} with each row's best {@code auxK} positive
   * pre-activations among the dead features ({@code aux} is left empty otherwise).
   *
   * @param dead per feature, whether it is dead (not modified); null when none is
   * @param aux receives the AuxK pairs; may be null when {@code dead} is null
   */
  void encode(float[] x, int rows, float[] bias, boolean[] dead, WorkerPool pool, ActiveSet out, ActiveSet aux) {
    boolean withAux = dead != null && auxK > 0;
    int count = WorkerPool.blocks(rows, ROW_BLOCK);
    pool.forEach(count, (b, worker) -> encodeBlock(x, rows, b, bias, withAux ? dead : null, null, scratch[worker],
        blocks[b]));
    collect(count, rows, out, false);
    if (aux != null) {
      collect(withAux ? count : 0, rows, aux, true);
    }
  }

  /**
   * As {@link #encode(float[], int, float[], WorkerPool, ActiveSet)} with a per-feature floor instead of 0: keeps
   * the pairs with a_ti &gt; {@code floor[i]} (not modified), as the JumpReLU rule needs (ReLU rule only).
   */
  void encodeAbove(float[] x, int rows, float[] bias, float[] floor, WorkerPool pool, ActiveSet out) {
    if (k > 0) {
      throw new IllegalStateException("a per-feature floor needs an encoder of a rule without top-k selection");
    }
    int count = WorkerPool.blocks(rows, ROW_BLOCK);
    pool.forEach(count, (b, worker) -> encodeBlock(x, rows, b, bias, null, floor, scratch[worker], blocks[b]));
    collect(count, rows, out, false);
  }

  /** Concatenates the blocks' row-major lists (main or AuxK) into {@code out}. */
  private void collect(int count, int rows, ActiveSet out, boolean ofAux) {
    int total = 0;
    for (int b = 0; b < count; b++) {
      total += ofAux ? blocks[b].auxSize : blocks[b].size;
    }
    out.ensureCapacity(total);
    out.rows = rows;
    out.size = total;
    int k = 0;
    int t = 0;
    for (int b = 0; b < count; b++) {
      Block block = blocks[b];
      int size = ofAux ? block.auxSize : block.size;
      int[] rowCount = ofAux ? block.auxRowCount : block.rowCount;
      System.arraycopy(ofAux ? block.auxFeature : block.feature, 0, out.feature, k, size);
      System.arraycopy(ofAux ? block.auxValue : block.value, 0, out.value, k, size);
      for (int r = 0; r < block.rows; r++, t++) {
        out.rowStart[t] = k;
        Arrays.fill(out.entryRow, k, k + rowCount[r], t);
        k += rowCount[r];
      }
    }
    for (; t <= rows; t++) {
      out.rowStart[t] = k;
    }
  }

  private void encodeBlock(float[] x, int rows, int b, float[] bias, boolean[] dead, float[] floor, Scratch s,
                           Block out) {
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
    if (s.main != null) {
      s.main.clear();
    }
    if (dead != null) {
      s.aux.clear();
    }
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
      if (s.main == null) {
        extract(s, count, f0, Math.min(CHUNK, m - f0), bias, floor);
      } else {
        extractTop(s, count, f0, Math.min(CHUNK, m - f0), bias, dead);
      }
    }
    if (s.main == null) {
      toRowMajor(s, count, out);
    } else {
      selectRows(s, count, dead != null, out);
    }
  }

  /**
   * TopK rule: appends each row's pre-activations of tile columns [0, width), features f0.., that are above the
   * row's threshold, and those of dead features that are above the AuxK threshold, then cuts long rows.
   */
  private void extractTop(Scratch s, int count, int f0, int width, float[] bias, boolean[] dead) {
    float[] tile = s.tile;
    Candidates main = s.main;
    Candidates aux = s.aux;
    for (int r = 0; r < count; r++) {
      int base = r * CHUNK;
      // With dead features every positive lane is looked at, since an AuxK candidate may be below the top k.
      float bar = dead == null ? main.threshold[r] : 0f;
      for (int c = 0; c < width; c += L) {
        VectorMask<Float> inRange = S.indexInRange(c, width);
        FloatVector pre = FloatVector.fromArray(S, tile, base + c, inRange)
            .add(FloatVector.fromArray(S, bias, f0 + c, inRange));
        long lanes = pre.compare(VectorOperators.GT, bar, inRange).toLong();
        for (long rest = lanes; rest != 0; rest &= rest - 1) {
          int lane = Long.numberOfTrailingZeros(rest);
          int f = f0 + c + lane;
          float v = tile[base + c + lane] + bias[f];
          if (v > main.threshold[r]) {
            main.append(r, f, v);
          }
          if (dead != null && dead[f] && v > aux.threshold[r]) {
            aux.append(r, f, v);
          }
        }
      }
      main.cut(r, s.selection);
      if (dead != null) {
        aux.cut(r, s.selection);
      }
    }
  }

  /** TopK rule: keeps each row's best k (and AuxK) candidates and writes them to the block, features ascending. */
  private static void selectRows(Scratch s, int count, boolean withAux, Block out) {
    out.rows = count;
    out.size = copyBest(s, s.main, count, out.rowCount, out, false);
    out.auxSize = withAux ? copyBest(s, s.aux, count, out.auxRowCount, out, true) : 0;
  }

  private static int copyBest(Scratch s, Candidates c, int count, int[] rowCount, Block out, boolean ofAux) {
    int total = 0;
    for (int r = 0; r < count; r++) {
      rowCount[r] = s.selection.keep(c.feature, c.value, r * c.capacity, c.size[r], c.keep);
      total += rowCount[r];
    }
    int[] feature = ofAux ? out.auxFeature : out.feature;
    if (feature.length < total) {
      int grown = Math.max(total, feature.length + (feature.length >> 1));
      if (ofAux) {
        out.auxFeature = new int[grown];
        out.auxValue = new float[grown];
      } else {
        out.feature = new int[grown];
        out.value = new float[grown];
      }
    }
    int[] features = ofAux ? out.auxFeature : out.feature;
    float[] values = ofAux ? out.auxValue : out.value;
    int at = 0;
    for (int r = 0; r < count; r++) {
      System.arraycopy(c.feature, r * c.capacity, features, at, rowCount[r]);
      System.arraycopy(c.value, r * c.capacity, values, at, rowCount[r]);
      at += rowCount[r];
    }
    return total;
  }

  /**
   * Appends the entries of tile columns [0, width), features f0.., of rows [0, count) that are positive, or above
   * {@code floor} of their feature when it is not null.
   */
  private static void extract(Scratch s, int count, int f0, int width, float[] bias, float[] floor) {
    float[] tile = s.tile;
    int full = S.loopBound(width);
    for (int r = 0; r < count; r++) {
      int base = r * CHUNK;
      for (int c = 0; c < full; c += L) {
        FloatVector pre = FloatVector.fromArray(S, tile, base + c).add(FloatVector.fromArray(S, bias, f0 + c));
        long above = floor == null ? pre.compare(VectorOperators.GT, 0f).toLong()
            : pre.compare(VectorOperators.GT, FloatVector.fromArray(S, floor, f0 + c)).toLong();
        if (above != 0) {
          appendLanes(s, r, f0, c, above, tile, base, bias);
        }
      }
      if (full < width) {
        VectorMask<Float> inRange = S.indexInRange(full, width);
        FloatVector pre = FloatVector.fromArray(S, tile, base + full)
            .add(FloatVector.fromArray(S, bias, f0 + full, inRange));
        long above = floor == null ? pre.compare(VectorOperators.GT, 0f, inRange).toLong()
            : pre.compare(VectorOperators.GT, FloatVector.fromArray(S, floor, f0 + full, inRange), inRange).toLong();
        appendLanes(s, r, f0, full, above, tile, base, bias);
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
