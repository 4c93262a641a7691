package org.sae4j.core.eval;

import java.util.Arrays;
import org.sae4j.kernels.SparseCodes;

/**
 * Accumulates the metrics of docs/metrics.md over batches of (x, x̂, f(x)), in float64.
 *
 * <p>The FVE denominator Σ_t ‖x_t − μ‖² is accumulated per dimension with an exact two-pass sum inside each
 * batch and Chan's pairwise update across batches, so a large common offset (a residual stream's mean) costs
 * no precision, unlike Σx² − Nμ². Accumulation is single-threaded and in arrival order, so a fixed sequence of
 * batches always gives the same result bit for bit.
 *
 * <p>The dead fraction is over every token added; docs/metrics.md evaluates min(10⁷, N) tokens, which the caller
 * chooses. Not thread-safe.
 */
public final class EvaluationAccumulator {
  private final int dim;
  private final int features;
  private final double[] decoderNorms;
  private final long[] fireCounts;
  private final double[] mean;
  private final double[] centredSquares;
  private final double[] batchMean;
  private final double[] batchSquares;
  private long tokens;
  private double squaredError;
  private double reconstructionSquares;
  private double crossProduct;
  private long activeCount;
  private double weightedActivation;

  /**
   * @param dim n, the activation dimension
   * @param features m, the number of SAE features
   * @param decoderNorms ‖W_d,i‖ of the SAE in the original scale, length m; copied
   */
  public EvaluationAccumulator(int dim, int features, double[] decoderNorms) {
    if (dim <= 0 || features <= 0) {
      throw new IllegalArgumentException("dim and features must be positive, got dim=" + dim + ", features="
          + features);
    }
    if (decoderNorms == null || decoderNorms.length != features) {
      throw new IllegalArgumentException("decoderNorms must have length features=" + features + ", got "
          + (decoderNorms == null ? "null" : decoderNorms.length));
    }
    for (int i = 0; i < features; i++) {
      if (!(decoderNorms[i] >= 0) || Double.isInfinite(decoderNorms[i])) {
        throw new IllegalArgumentException("decoderNorms[" + i + "] must be finite and >= 0, got "
            + decoderNorms[i]);
      }
    }
    this.dim = dim;
    this.features = features;
    this.decoderNorms = decoderNorms.clone();
    this.fireCounts = new long[features];
    this.mean = new double[dim];
    this.centredSquares = new double[dim];
    this.batchMean = new double[dim];
    this.batchSquares = new double[dim];
  }

  /**
   * Adds a batch.
   *
   * @param x the inputs, {@code rows × dim} row-major, original scale; not modified
   * @param xHat the reconstructions, same layout; not modified
   * @param rows number of rows to read from {@code x} and {@code xHat} (may be 0)
   * @param codes f_i(x) for the same rows ({@code codes.rows() == rows}); features with f_i &gt; 0 count as
   *     active; not modified
   */
  public void add(float[] x, float[] xHat, int rows, SparseCodes codes) {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0, got " + rows);
    }
    long needed = (long) rows * dim;
    if (x.length < needed || xHat.length < needed) {
      throw new IllegalArgumentException("x and xHat need rows*dim = " + rows + "*" + dim + " = " + needed
          + " values, got x.length=" + x.length + ", xHat.length=" + xHat.length);
    }
    if (codes.rows() != rows) {
      throw new IllegalArgumentException("codes hold " + codes.rows() + " rows, expected " + rows);
    }
    if (rows == 0) {
      return;
    }
    addReconstruction(x, xHat, rows);
    addSpread(x, rows);
    addCodes(codes, rows);
    tokens += rows;
  }

  private void addReconstruction(float[] x, float[] xHat, int rows) {
    int size = rows * dim;
    double err = 0;
    double rec = 0;
    double cross = 0;
    for (int k = 0; k < size; k++) {
      double a = x[k];
      double b = xHat[k];
      double d = a - b;
      err += d * d;
      rec += b * b;
      cross += a * b;
    }
    squaredError += err;
    reconstructionSquares += rec;
    crossProduct += cross;
  }

  /** Chan et al.'s merge of this batch's (mean, centred sum of squares) into the running ones, per dimension. */
  private void addSpread(float[] x, int rows) {
    Arrays.fill(batchMean, 0);
    Arrays.fill(batchSquares, 0);
    for (int r = 0; r < rows; r++) {
      int base = r * dim;
      for (int j = 0; j < dim; j++) {
        batchMean[j] += x[base + j];
      }
    }
    for (int j = 0; j < dim; j++) {
      batchMean[j] /= rows;
    }
    for (int r = 0; r < rows; r++) {
      int base = r * dim;
      for (int j = 0; j < dim; j++) {
        double d = x[base + j] - batchMean[j];
        batchSquares[j] += d * d;
      }
    }
    long total = tokens + rows;
    double weight = (double) tokens * rows / total;
    for (int j = 0; j < dim; j++) {
      double delta = batchMean[j] - mean[j];
      mean[j] += delta * rows / total;
      centredSquares[j] += batchSquares[j] + delta * delta * weight;
    }
  }

  private void addCodes(SparseCodes codes, int rows) {
    for (int r = 0; r < rows; r++) {
      for (int k = codes.start(r), end = codes.end(r); k < end; k++) {
        float f = codes.value(k);
        if (f > 0) {
          int i = codes.index(k);
          if (i < 0 || i >= features) {
            throw new IllegalArgumentException("codes row " + r + " names feature " + i + ", outside [0, "
                + features + ")");
          }
          fireCounts[i]++;
          activeCount++;
          weightedActivation += f * decoderNorms[i];
        }
      }
    }
  }

  /** Tokens added so far. */
  public long tokens() {
    return tokens;
  }

  /**
   * The metrics over everything added so far.
   *
   * @throws IllegalStateException when no token has been added
   */
  public EvaluationResult result() {
    if (tokens == 0) {
      throw new IllegalStateException("no tokens were evaluated");
    }
    double spread = 0;
    for (int j = 0; j < dim; j++) {
      spread += centredSquares[j];
    }
    long dead = 0;
    long dense = 0;
    for (long c : fireCounts) {
      if (c == 0) {
        dead++;
      } else if (c * 10 > tokens) {
        dense++;
      }
    }
    double n = tokens;
    return new EvaluationResult(tokens, squaredError / n, spread > 0 ? 1 - squaredError / spread : Double.NaN,
        activeCount / n, weightedActivation / n, (double) dead / features, (double) dense / features,
        crossProduct != 0 ? reconstructionSquares / crossProduct : Double.NaN, fireCounts,
        DensityHistogram.of(fireCounts, tokens, DensityHistogram.DEFAULT_BIN_WIDTH));
  }
}
