package org.sae4j.core.synthetic;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import org.sae4j.core.checkpoint.Safetensors;
import org.sae4j.core.checkpoint.Tensor;
import org.sae4j.kernels.Gaussian;
import org.sae4j.kernels.Seeds;
import org.sae4j.kernels.SparseCodes;
import org.sae4j.store.ActivationWriter;

/**
 * Generates activations from a {@link SyntheticSpec} with known ground truth.
 *
 * <h2>Algorithm (everything follows from the seed)</h2>
 * <ol>
 *   <li>Directions: K vectors of n standard Gaussians, normalised in float64, from the random stream
 *       {@code Seeds.derive(seed, "synthetic-directions")}.</li>
 *   <li>Probabilities: p_k = min(1, c·(k+1)^−a), with c chosen so that Σ p_k = meanActive (capped mass is
 *       redistributed over the others; see {@link #firingProbabilities()}).</li>
 *   <li>Tokens are made in chunks of {@value #CHUNK_ROWS} rows; chunk i draws only from its own stream
 *       {@code Seeds.derive(seed, "synthetic-chunk", i)}, so any chunk can be regenerated alone and generation
 *       can start at any row (a resumed data set continues at its first unfinished shard). Within a chunk, for
 *       k = 0..K−1 in order, the rows where feature k is active are found by geometric skipping (gaps
 *       ⌊ln(1−U) / ln(1−p_k)⌋, which makes each row active independently with probability p_k), and each
 *       active row draws its magnitude from Uniform[min, max) right after its position. Then
 *       x = Σ_active magnitude·d_k is accumulated in float32 in that order, and finally, row-major,
 *       N(0, noise²) is added to every component.</li>
 * </ol>
 * Gaussians come from {@link Gaussian#next} and every transcendental function from {@link StrictMath}, so the
 * output depends only on the spec and the seed: not on threads, writers, batch sizes or the CPU.
 */
public final class SyntheticGenerator {
  /** Rows per generation chunk; part of the algorithm, so changing it changes the data. */
  public static final int CHUNK_ROWS = 4096;
  /**
   * The version of this algorithm, recorded in a data set's metadata under {@value #ALGORITHM_KEY}: a data set made
   * by another version holds other bits and is produced again. Version 2: named seed streams, {@link Gaussian}
   * and {@link StrictMath} (version 1 drew from {@code SplittableRandom.nextGaussian} and {@code Math}).
   */
  public static final String ALGORITHM = "sae4j-synthetic-2";
  /** The metadata key of {@link #ALGORITHM}. */
  public static final String ALGORITHM_KEY = "synthetic.algorithm";
  /** Name of the directions tensor in the true-features file. */
  public static final String DIRECTIONS = "directions";

  private final SyntheticSpec spec;
  private final long seed;
  private final float[] directions;
  private final double[] probabilities;

  /** Prepares the directions and probabilities; no tokens are generated yet. */
  public SyntheticGenerator(SyntheticSpec spec, long seed) {
    this.spec = spec;
    this.seed = seed;
    this.directions = randomDirections(spec.trueFeatures(), spec.dim(),
        new SplittableRandom(Seeds.derive(seed, "synthetic-directions")));
    this.probabilities = probabilities(spec.trueFeatures(), spec.meanActive(), spec.frequencyExponent());
  }

  public SyntheticSpec spec() {
    return spec;
  }

  /** The planted directions, K × n row-major unit vectors (a copy). */
  public float[] trueDirections() {
    return directions.clone();
  }

  /**
   * Each feature's firing probability (a copy): p_k ∝ (k+1)^−a, summing to meanActive, each capped at 1 with
   * the excess spread proportionally over the uncapped features.
   */
  public double[] firingProbabilities() {
    return probabilities.clone();
  }

  /** The number of chunks that make up {@code spec.tokens()} rows. */
  public long chunks() {
    return (spec.tokens() + CHUNK_ROWS - 1) / CHUNK_ROWS;
  }

  /**
   * Generates chunk {@code chunk} (rows {@code chunk·CHUNK_ROWS ..}) of the data set.
   *
   * @param rows receives the rows, row-major; length at least {@code CHUNK_ROWS × dim}; modified
   * @param truth if not null, receives each row's active features and magnitudes (ascending features); modified
   * @return the number of rows generated (smaller for the last chunk)
   */
  public int fillChunk(long chunk, float[] rows, SparseCodes truth) {
    if (chunk < 0 || chunk >= chunks()) {
      throw new IllegalArgumentException("chunk " + chunk + " outside [0, " + chunks() + ")");
    }
    int dim = spec.dim();
    if (rows.length < (long) CHUNK_ROWS * dim) {
      throw new IllegalArgumentException("rows needs CHUNK_ROWS*dim = " + (long) CHUNK_ROWS * dim
          + " floats, got " + rows.length);
    }
    int count = (int) Math.min(CHUNK_ROWS, spec.tokens() - chunk * CHUNK_ROWS);
    SplittableRandom rnd = new SplittableRandom(Seeds.derive(seed, "synthetic-chunk", chunk));
    Events events = new Events(Math.max(16, (int) (count * spec.meanActive() * 1.2)));
    drawEvents(rnd, count, events);
    Arrays.fill(rows, 0, count * dim, 0f);
    for (int e = 0; e < events.size; e++) {
      int base = events.row[e] * dim;
      int dir = events.feature[e] * dim;
      float mag = events.magnitude[e];
      for (int j = 0; j < dim; j++) {
        rows[base + j] += mag * directions[dir + j];
      }
    }
    if (spec.noise() > 0) {
      for (int k = 0, end = count * dim; k < end; k++) {
        rows[k] += (float) (spec.noise() * Gaussian.next(rnd));
      }
    }
    if (truth != null) {
      events.toCodes(count, truth);
    }
    return count;
  }

  private void drawEvents(SplittableRandom rnd, int count, Events events) {
    double lo = spec.magnitudeMin();
    double span = spec.magnitudeMax() - lo;
    for (int k = 0; k < probabilities.length; k++) {
      double p = probabilities[k];
      if (p <= 0) {
        continue;
      }
      double logMiss = StrictMath.log1p(-p);
      double pos = -1;
      while (true) {
        // p = 1 gives logMiss = −∞ and a gap of 0: every row is active.
        double gap = p >= 1 ? 0 : Math.floor(StrictMath.log(1 - rnd.nextDouble()) / logMiss);
        pos += gap + 1;
        if (pos >= count) {
          break;
        }
        events.add((int) pos, k, (float) (lo + span * rnd.nextDouble()));
      }
    }
  }

  /**
   * Writes the directions to {@code trueFeaturesFile} (tensor {@value #DIRECTIONS} [K, n] F32 and the
   * probabilities, atomically, with the spec and seed in the metadata) and every row from {@code writer.rows()} on
   * into {@code writer}, which the caller finishes and closes: a resumed writer gets only the rows it lacks, the
   * same bits as in an uninterrupted run. {@code progress} receives the number of rows written after each chunk.
   */
  public void generate(ActivationWriter writer, Path trueFeaturesFile, LongConsumer progress) throws IOException {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "sae4j-true-features-1");
    metadata.put("seed", Long.toString(seed));
    metadata.put("spec", spec.toString());
    Safetensors.write(trueFeaturesFile, List.of(Tensor.of(DIRECTIONS, directions.clone(), spec.trueFeatures(),
        spec.dim()), Tensor.of("probabilities", toFloats(probabilities), spec.trueFeatures())), metadata);
    float[] rows = new float[CHUNK_ROWS * spec.dim()];
    long done = writer.rows();
    for (long c = done / CHUNK_ROWS, chunks = chunks(); c < chunks; c++) {
      int count = fillChunk(c, rows, null);
      int skip = (int) (done - c * CHUNK_ROWS);
      writer.write(skip == 0 ? rows : Arrays.copyOfRange(rows, skip * spec.dim(), count * spec.dim()), count - skip);
      done += count - skip;
      progress.accept(done);
    }
  }

  /** Reads the directions written by {@link #generate}: K × n row-major. */
  public static float[] readTrueDirections(Path trueFeaturesFile) throws IOException {
    return directionsTensor(trueFeaturesFile).data();
  }

  /** Like {@link #readTrueDirections(Path)}, also checking that the directions have dimension {@code dim}. */
  public static float[] readTrueDirections(Path trueFeaturesFile, int dim) throws IOException {
    Tensor t = directionsTensor(trueFeaturesFile);
    if (t.shape()[1] != dim) {
      throw new IOException(trueFeaturesFile + ": tensor '" + DIRECTIONS + "' has dimension " + t.shape()[1]
          + ", expected " + dim);
    }
    return t.data();
  }

  private static Tensor directionsTensor(Path file) throws IOException {
    Tensor t = Safetensors.read(file).tensor(DIRECTIONS);
    long[] shape = t.shape();
    if (shape.length != 2 || shape[0] < 1 || shape[1] < 1) {
      throw new IOException(file + ": tensor '" + DIRECTIONS + "' must be [K, dim] with K, dim >= 1, got "
          + Arrays.toString(shape));
    }
    return t;
  }

  static float[] randomDirections(int k, int dim, SplittableRandom rnd) {
    float[] out = new float[k * dim];
    double[] v = new double[dim];
    for (int t = 0; t < k; t++) {
      double s;
      do {
        s = 0;
        for (int j = 0; j < dim; j++) {
          v[j] = Gaussian.next(rnd);
          s += v[j] * v[j];
        }
      } while (s == 0);
      double inv = 1 / StrictMath.sqrt(s);
      for (int j = 0; j < dim; j++) {
        out[t * dim + j] = (float) (v[j] * inv);
      }
    }
    return out;
  }

  static double[] probabilities(int k, double meanActive, double exponent) {
    double[] w = new double[k];
    for (int t = 0; t < k; t++) {
      w[t] = StrictMath.pow(t + 1, -exponent);
    }
    // w is non-increasing, so the capped features are a prefix; grow it until the next one fits under 1.
    int capped = 0;
    double scale = 0;
    while (capped < k) {
      double rest = 0;
      for (int t = capped; t < k; t++) {
        rest += w[t];
      }
      scale = (meanActive - capped) / rest;
      if (scale * w[capped] < 1) {
        break;
      }
      capped++;
    }
    double[] p = new double[k];
    for (int t = 0; t < k; t++) {
      p[t] = t < capped ? 1 : scale * w[t];
    }
    return p;
  }

  private static float[] toFloats(double[] a) {
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (float) a[i];
    }
    return out;
  }
}
