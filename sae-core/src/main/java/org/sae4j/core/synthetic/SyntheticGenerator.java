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
import org.sae4j.kernels.SparseCodes;
import org.sae4j.store.ActivationWriter;

/**
 * Generates activations from a {@link SyntheticSpec} with known ground truth.
 *
 * <h2>Algorithm (everything follows from the seed)</h2>
 * <ol>
 *   <li>Directions: K vectors of n standard Gaussians, normalised in float64, from the random stream
 *       {@code stream(seed, -1)}.</li>
 *   <li>Probabilities: p_k = min(1, c·(k+1)^−a), with c chosen so that Σ p_k = meanActive (capped mass is
 *       redistributed over the others; see {@link #firingProbabilities()}).</li>
 *   <li>Tokens are made in chunks of {@value #CHUNK_ROWS} rows; chunk i draws only from its own stream
 *       {@code stream(seed, i)}, so any chunk can be regenerated alone. Within a chunk, for k = 0..K−1 in
 *       order, the rows where feature k is active are found by geometric skipping (gaps
 *       ⌊ln(1−U) / ln(1−p_k)⌋, which makes each row active independently with probability p_k), and each
 *       active row draws its magnitude from Uniform[min, max) right after its position. Then
 *       x = Σ_active magnitude·d_k is accumulated in float32 in that order, and finally, row-major,
 *       N(0, noise²) is added to every component.</li>
 * </ol>
 * The output therefore depends only on the spec and the seed: not on threads, writers or batch sizes.
 */
public final class SyntheticGenerator {
  /** Rows per generation chunk; part of the algorithm, so changing it changes the data. */
  public static final int CHUNK_ROWS = 4096;
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
    this.directions = randomDirections(spec.trueFeatures(), spec.dim(), new SplittableRandom(stream(seed, -1)));
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
    SplittableRandom rnd = new SplittableRandom(stream(seed, chunk));
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
        rows[k] += (float) (spec.noise() * rnd.nextGaussian());
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
      double logMiss = Math.log1p(-p);
      double pos = -1;
      while (true) {
        // p = 1 gives logMiss = −∞ and a gap of 0: every row is active.
        double gap = p >= 1 ? 0 : Math.floor(Math.log(1 - rnd.nextDouble()) / logMiss);
        pos += gap + 1;
        if (pos >= count) {
          break;
        }
        events.add((int) pos, k, (float) (lo + span * rnd.nextDouble()));
      }
    }
  }

  /**
   * Writes every row into {@code writer} (which the caller finishes and closes) and the directions to
   * {@code trueFeaturesFile} (tensor {@value #DIRECTIONS} [K, n] F32, atomically, with the spec and seed in
   * the metadata). {@code progress} receives the number of rows written after each chunk.
   */
  public void generate(ActivationWriter writer, Path trueFeaturesFile, LongConsumer progress) throws IOException {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "sae4j-true-features-1");
    metadata.put("seed", Long.toString(seed));
    metadata.put("spec", spec.toString());
    Safetensors.write(trueFeaturesFile, List.of(Tensor.of(DIRECTIONS, directions.clone(), spec.trueFeatures(),
        spec.dim()), Tensor.of("probabilities", toFloats(probabilities), spec.trueFeatures())), metadata);
    float[] rows = new float[CHUNK_ROWS * spec.dim()];
    long done = 0;
    for (long c = 0, chunks = chunks(); c < chunks; c++) {
      int count = fillChunk(c, rows, null);
      writer.write(rows, count);
      done += count;
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
          v[j] = rnd.nextGaussian();
          s += v[j] * v[j];
        }
      } while (s == 0);
      double inv = 1 / Math.sqrt(s);
      for (int j = 0; j < dim; j++) {
        out[t * dim + j] = (float) (v[j] * inv);
      }
    }
    return out;
  }

  static double[] probabilities(int k, double meanActive, double exponent) {
    double[] w = new double[k];
    for (int t = 0; t < k; t++) {
      w[t] = Math.pow(t + 1, -exponent);
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

  /** An independent stream per (seed, index): both are hashed, so nearby seeds and indices do not overlap. */
  static long stream(long seed, long index) {
    return mix64(seed ^ mix64(index + 0x632BE59BD9B4E019L));
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
