package org.sae4j.core.analysis.neurons;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.sae4j.kernels.SparseCodes;

/**
 * Features against neurons, streamed over tokens in float64: for every pair of a dictionary feature i and a model
 * unit j (an FFN neuron or a residual dimension), the Pearson correlation of their activations over all tokens
 * added, from the sums Σf_i, Σf_i², Σn_j, Σn_j² and Σf_i·n_j. Feature activations are sparse, so Σf_i·n_j costs one
 * multiply-add per (active feature, unit) of each token; a feature's cross sums are allocated when it first fires,
 * so dead features cost nothing.
 *
 * <p>The cross sums are stored tile-major: per tile of {@value #TILE} units, the features that fired in the order
 * they first fired (their slots), each one's {@value #TILE} sums contiguous. A batch adds to every active feature of a
 * tile in slot order, so it streams through one contiguous region instead of jumping between per-feature rows
 * 52 kB apart (at MiniLM's 6,528 units), which made every feature's first load of a tile a cache and TLB miss.
 *
 * <p>Alongside, the top-{@code k} tokens of every feature and every unit feed the monosemanticity proxy
 * ({@link TopTokens#specificity}), computed the same way for both.
 *
 * <p>Deterministic for any thread count: threads split the units into fixed tiles, and every sum is accumulated in
 * token order. Pearson correlation does not change when a feature is scaled, so the raw codes f_i(x) can be added
 * as they are.
 */
public final class NeuronCorrelations implements AutoCloseable {
  /** Units per task: the tile of a token's unit vector that stays in cache while all its active features add it. */
  private static final int TILE = 64;
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;

  private final int features;
  private final UnitLayout layout;
  private final int units;
  private final int threads;
  private final ExecutorService pool;
  /** Features that share one allocation of a tile's cross sums. */
  private static final int SLOTS_PER_BLOCK = 64;
  /** {@code [tile][slot / SLOTS_PER_BLOCK]}: {@code SLOTS_PER_BLOCK × TILE} sums, slot-major. */
  private final double[][][] cross;
  /** Each feature's slot (the order it first fired in), -1 while it has not fired. */
  private final int[] slotOf;
  /** The feature of each slot. */
  private final int[] featureOf;
  private int slots;
  private final double[] sumF;
  private final double[] sumF2;
  private final long[] fires;
  private final double[] sumU;
  private final double[] sumU2;
  private final TopTokens topFeatures;
  private final TopTokens topUnits;
  private long tokens;
  // Per-batch scratch: the batch's events grouped by feature (compressed columns).
  private int[] columnStart;
  private int[] eventRow = new int[0];
  private double[] eventValue = new double[0];
  private int[] active = new int[0];
  private int activeFeatures;
  /** Per worker: the tile's columns of the batch's unit values, widened to double, contiguous (see {@link #addTile}). */
  private final double[][] scratch;

  /**
   * @param features the dictionary's features (m)
   * @param layout the units each token's unit vector holds
   * @param topK tokens kept per feature and per unit for the proxy
   * @param threads worker threads (results do not depend on it)
   */
  public NeuronCorrelations(int features, UnitLayout layout, int topK, int threads) {
    if (features < 1 || topK < 1 || threads < 1) {
      throw new IllegalArgumentException("features, topK and threads must be >= 1; got " + features + ", " + topK
          + ", " + threads);
    }
    this.features = features;
    this.layout = layout;
    this.units = layout.units();
    this.threads = threads;
    this.pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "sae4j-neurons");
      t.setDaemon(true);
      return t;
    }) : null;
    cross = new double[(units + TILE - 1) / TILE][(features + SLOTS_PER_BLOCK - 1) / SLOTS_PER_BLOCK][];
    slotOf = new int[features];
    java.util.Arrays.fill(slotOf, -1);
    featureOf = new int[features];
    sumF = new double[features];
    sumF2 = new double[features];
    fires = new long[features];
    sumU = new double[units];
    sumU2 = new double[units];
    topFeatures = new TopTokens(features, topK);
    topUnits = new TopTokens(units, topK);
    columnStart = new int[features + 1];
    scratch = new double[threads][0];
  }

  /** Bytes the cross sums take once {@code aliveFeatures} have fired: what a run needs in heap. */
  public static long crossBytes(long aliveFeatures, int units) {
    return aliveFeatures * units * Double.BYTES;
  }

  /**
   * Adds a batch of tokens.
   *
   * @param rows tokens in the batch
   * @param codes their feature activations (rows × features, sparse)
   * @param unitValues their unit activations, {@code rows × units} row-major, in the layout's order
   * @param tokenIds the token id of each row (for the proxy)
   */
  public void add(int rows, SparseCodes codes, float[] unitValues, int[] tokenIds) {
    if (codes.rows() != rows || unitValues.length < (long) rows * units || tokenIds.length < rows) {
      throw new IllegalArgumentException("batch of " + rows + " rows: codes have " + codes.rows() + " rows, unit "
          + "values " + unitValues.length + " floats (need " + (long) rows * units + "), token ids "
          + tokenIds.length);
    }
    groupByFeature(rows, codes, tokenIds);
    int tiles = (units + TILE - 1) / TILE;
    if (scratch[0].length < rows * TILE) {
      for (int w = 0; w < threads; w++) {
        scratch[w] = new double[rows * TILE];
      }
    }
    runTiles(tiles, (w, t) -> addTile(t * TILE, Math.min(units, (t + 1) * TILE), rows, unitValues, tokenIds,
        scratch[w]));
    tokens += rows;
  }

  /** Counting sort of the batch's (row, feature, value) events by feature, rows ascending within a feature. */
  private void groupByFeature(int rows, SparseCodes codes, int[] tokenIds) {
    int events = codes.size();
    if (eventRow.length < events) {
      eventRow = new int[events];
      eventValue = new double[events];
    }
    java.util.Arrays.fill(columnStart, 0);
    for (int k = 0; k < events; k++) {
      columnStart[codes.index(k) + 1]++;
    }
    int activeCount = 0;
    for (int i = 0; i < features; i++) {
      if (columnStart[i + 1] > 0) {
        activeCount++;
      }
      columnStart[i + 1] += columnStart[i];
    }
    if (active.length < activeCount) {
      active = new int[activeCount];
    }
    int[] next = columnStart.clone();
    for (int r = 0; r < rows; r++) {
      for (int k = codes.start(r); k < codes.end(r); k++) {
        int i = codes.index(k);
        float v = codes.value(k);
        int slot = next[i]++;
        eventRow[slot] = r;
        eventValue[slot] = v;
        sumF[i] += v;
        sumF2[i] += (double) v * v;
        fires[i]++;
        topFeatures.offer(i, v, tokenIds[r]);
      }
    }
    for (int i = 0; i < features; i++) {
      if (columnStart[i + 1] > columnStart[i] && slotOf[i] < 0) {
        newSlot(i);
      }
    }
    // The batch's features in slot order: the order their sums lie in memory.
    int a = 0;
    for (int slot = 0; slot < slots; slot++) {
      int i = featureOf[slot];
      if (columnStart[i + 1] > columnStart[i]) {
        active[a++] = i;
      }
    }
    activeFeatures = a;
  }

  /** Gives feature {@code i} the next slot, allocating its block of every tile when it is the block's first. */
  private void newSlot(int i) {
    int slot = slots++;
    slotOf[i] = slot;
    featureOf[slot] = i;
    if (slot % SLOTS_PER_BLOCK == 0) {
      for (double[][] tile : cross) {
        tile[slot / SLOTS_PER_BLOCK] = new double[SLOTS_PER_BLOCK * TILE];
      }
    }
  }

  private void addTile(int from, int to, int rows, float[] all, int[] tokenIds, double[] values) {
    // The tile's columns, widened to double once and copied row by row into a contiguous block (row stride = tile
    // width): rows of the batch are units × 4 bytes apart (26 kB at MiniLM's 6,528), a stride that maps them onto a
    // few cache sets and a page each, while the block stays cached; and every event below reads its row as doubles,
    // with no conversion in the hot loop. Widening is exact, so the sums get the same operands as before.
    int width = to - from;
    for (int r = 0; r < rows; r++) {
      int src = r * units + from;
      int dst = r * width;
      for (int u = 0; u < width; u++) {
        values[dst + u] = all[src + u];
      }
    }
    int lanes = DOUBLES.length();
    int upper = from + DOUBLES.loopBound(to - from);
    // Unit sums and top tokens: each chunk's sums and admission thresholds stay in registers over the rows, the sums
    // added row by row as a scalar loop would; a row whose chunk holds a value above its unit's threshold (rare once
    // the lists are full) is offered lane by lane. Units do not share lists, so each sees its offers in row order.
    int j = from;
    for (; j < upper; j += lanes) {
      DoubleVector s = DoubleVector.fromArray(DOUBLES, sumU, j);
      DoubleVector s2 = DoubleVector.fromArray(DOUBLES, sumU2, j);
      DoubleVector admit = topUnits.thresholds(DOUBLES, j);
      for (int r = 0; r < rows; r++) {
        int base = r * width - from;
        DoubleVector x = DoubleVector.fromArray(DOUBLES, values, base + j);
        s = s.add(x);
        s2 = s2.add(x.mul(x));
        if (x.compare(VectorOperators.GT, admit).anyTrue()) {
          for (int u = j; u < j + lanes; u++) {
            topUnits.offer(u, (float) values[base + u], tokenIds[r]);
          }
          admit = topUnits.thresholds(DOUBLES, j);
        }
      }
      s.intoArray(sumU, j);
      s2.intoArray(sumU2, j);
    }
    for (; j < to; j++) {
      for (int r = 0; r < rows; r++) {
        double x = values[r * width + j - from];
        sumU[j] += x;
        sumU2[j] += x * x;
        topUnits.offer(j, (float) x, tokenIds[r]);
      }
    }
    // Cross sums: four chunks of a feature's row stay in registers while every event of the feature adds to them in
    // row order (four independent chains hide the multiply-add latency). Each sum gets the same fused multiply-adds
    // in the same order as one event at a time would give it, lane by lane and in the tail alike: the same bits for
    // every vector width.
    int step = 4 * lanes;
    int upper4 = from + (to - from) / step * step;
    double[][] blocks = cross[from / TILE];
    for (int a = 0; a < activeFeatures; a++) {
      int i = active[a];
      int slot = slotOf[i];
      double[] c = blocks[slot / SLOTS_PER_BLOCK];
      // c[k + shift] is the sum of unit k: the slot's TILE sums start at (slot % SLOTS_PER_BLOCK) * TILE.
      int shift = slot % SLOTS_PER_BLOCK * TILE - from;
      int first = columnStart[i];
      int last = columnStart[i + 1];
      int k = from;
      for (; k < upper4; k += step) {
        DoubleVector c0 = DoubleVector.fromArray(DOUBLES, c, k + shift);
        DoubleVector c1 = DoubleVector.fromArray(DOUBLES, c, k + shift + lanes);
        DoubleVector c2 = DoubleVector.fromArray(DOUBLES, c, k + shift + 2 * lanes);
        DoubleVector c3 = DoubleVector.fromArray(DOUBLES, c, k + shift + 3 * lanes);
        for (int e = first; e < last; e++) {
          DoubleVector v = DoubleVector.broadcast(DOUBLES, eventValue[e]);
          int base = eventRow[e] * width + k - from;
          c0 = DoubleVector.fromArray(DOUBLES, values, base).fma(v, c0);
          c1 = DoubleVector.fromArray(DOUBLES, values, base + lanes).fma(v, c1);
          c2 = DoubleVector.fromArray(DOUBLES, values, base + 2 * lanes).fma(v, c2);
          c3 = DoubleVector.fromArray(DOUBLES, values, base + 3 * lanes).fma(v, c3);
        }
        c0.intoArray(c, k + shift);
        c1.intoArray(c, k + shift + lanes);
        c2.intoArray(c, k + shift + 2 * lanes);
        c3.intoArray(c, k + shift + 3 * lanes);
      }
      for (; k < upper; k += lanes) {
        DoubleVector c0 = DoubleVector.fromArray(DOUBLES, c, k + shift);
        for (int e = first; e < last; e++) {
          c0 = DoubleVector.fromArray(DOUBLES, values, eventRow[e] * width + k - from)
              .fma(DoubleVector.broadcast(DOUBLES, eventValue[e]), c0);
        }
        c0.intoArray(c, k + shift);
      }
      for (; k < to; k++) {
        double sum = c[k + shift];
        for (int e = first; e < last; e++) {
          sum = Math.fma(eventValue[e], values[eventRow[e] * width + k - from], sum);
        }
        c[k + shift] = sum;
      }
    }
  }

  /** What a worker does with a tile: {@code (worker, tile)}. */
  private interface TileTask {
    void run(int worker, int tile);
  }

  private void runTiles(int tiles, TileTask body) {
    if (pool == null) {
      for (int t = 0; t < tiles; t++) {
        body.run(0, t);
      }
      return;
    }
    List<Future<?>> running = new ArrayList<>(threads);
    int perThread = (tiles + threads - 1) / threads;
    for (int w = 0; w < threads; w++) {
      int worker = w;
      int first = w * perThread;
      int last = Math.min(tiles, first + perThread);
      running.add(pool.submit(() -> {
        for (int t = first; t < last; t++) {
          body.run(worker, t);
        }
      }));
    }
    for (Future<?> f : running) {
      try {
        f.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("neuron correlation task failed: " + e.getCause(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while correlating features with neurons", e);
      }
    }
  }

  /** Tokens added so far. */
  public long tokens() {
    return tokens;
  }

  /**
   * The correlations: for every feature that fired (and is not constant) its best unit, for every non-constant unit
   * its best feature, and the proxy of both.
   *
   * @throws IllegalStateException when no token was added
   */
  public NeuronsResult result() {
    if (tokens == 0) {
      throw new IllegalStateException("no tokens were added to the neuron correlations");
    }
    double n = tokens;
    double[] meanU = new double[units];
    double[] sdU = new double[units];
    for (int j = 0; j < units; j++) {
      meanU[j] = sumU[j] / n;
      sdU[j] = Math.sqrt(Math.max(0, sumU2[j] / n - meanU[j] * meanU[j]));
    }
    int[] bestUnit = new int[features];
    double[] bestCorr = new double[features];
    int[] unitBest = new int[units];
    double[] unitBestCorr = new double[units];
    java.util.Arrays.fill(bestUnit, -1);
    java.util.Arrays.fill(bestCorr, Double.NaN);
    java.util.Arrays.fill(unitBest, -1);
    java.util.Arrays.fill(unitBestCorr, Double.NaN);
    double[] featureSpec = new double[features];
    for (int i = 0; i < features; i++) {
      featureSpec[i] = topFeatures.specificity(i);
      int slot = slotOf[i];
      if (slot < 0) {
        continue;
      }
      double[][] rowOf = new double[cross.length][];
      for (int t = 0; t < cross.length; t++) {
        rowOf[t] = cross[t][slot / SLOTS_PER_BLOCK];
      }
      int shift = slot % SLOTS_PER_BLOCK * TILE;
      double meanF = sumF[i] / n;
      double sdF = Math.sqrt(Math.max(0, sumF2[i] / n - meanF * meanF));
      if (!(sdF > 0)) {
        continue;
      }
      for (int j = 0; j < units; j++) {
        if (!(sdU[j] > 0)) {
          continue;
        }
        double sum = rowOf[j / TILE][shift + j % TILE];
        double r = (sum / n - meanF * meanU[j]) / (sdF * sdU[j]);
        r = Math.max(-1, Math.min(1, r));
        if (bestUnit[i] < 0 || Math.abs(r) > Math.abs(bestCorr[i])) {
          bestUnit[i] = j;
          bestCorr[i] = r;
        }
        if (unitBest[j] < 0 || Math.abs(r) > Math.abs(unitBestCorr[j])) {
          unitBest[j] = i;
          unitBestCorr[j] = r;
        }
      }
    }
    double[] unitSpec = new double[units];
    for (int j = 0; j < units; j++) {
      unitSpec[j] = topUnits.specificity(j);
    }
    return new NeuronsResult(layout, tokens, fires, bestUnit, bestCorr, unitBest, unitBestCorr, featureSpec,
        unitSpec);
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
