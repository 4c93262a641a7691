package org.sae4j.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Geometry of the decoder directions: each feature's nearest features by cosine of their decoder columns W_d,i, and
 * the tokens whose input embedding points the most the same way (cosine of W_d,i with each row of W_E). Both are
 * computed for the paged features only (all of them in one pass), against every feature and every token.
 */
final class Directions {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
  /** Queries scored together in one pass over the rows (their transposed directions stay in L2). */
  private static final int QUERY_BLOCK = 64;
  private final int n;
  private final float[] unit;

  /**
   * @param decoder W_dec as {@code features × n}, row-major (any positive scale: cosines do not see it)
   * @param n the activation dimension
   */
  Directions(float[] decoder, int n) {
    this.n = n;
    this.unit = normalised(decoder, n);
  }

  /** A scored neighbour: a feature or a token id and its cosine. */
  record Scored(int id, double cosine) {
  }

  /**
   * For each of {@code features}, the {@code k} other features with the largest decoder cosine, highest first
   * (index-aligned with {@code features}).
   */
  List<List<Scored>> nearestFeatures(int[] features, int k, ReportThreads threads) throws IOException {
    return top(features, unit, k, true, threads);
  }

  /**
   * For each of {@code features}, the {@code k} tokens whose embedding has the largest cosine with the feature's
   * decoder direction (index-aligned with {@code features}).
   *
   * @param embeddingsUnit W_E normalised by {@link #normalised}, {@code vocab × n}
   */
  List<List<Scored>> alignedTokens(int[] features, float[] embeddingsUnit, int k, ReportThreads threads)
      throws IOException {
    return top(features, embeddingsUnit, k, false, threads);
  }

  /** Rows scaled to unit length (zero rows stay zero). */
  static float[] normalised(float[] rows, int n) {
    float[] out = new float[rows.length];
    for (int r = 0; r < rows.length / n; r++) {
      double sq = 0;
      for (int j = 0; j < n; j++) {
        sq += (double) rows[r * n + j] * rows[r * n + j];
      }
      double s = sq > 0 ? 1 / Math.sqrt(sq) : 0;
      for (int j = 0; j < n; j++) {
        out[r * n + j] = (float) (rows[r * n + j] * s);
      }
    }
    return out;
  }

  /**
   * Scores every row of {@code against} for all queries at once: the queries' directions transposed ({@code n × q})
   * stay in cache while each row streams past once, and the inner loop over queries has no reduction, so it
   * vectorises. Each cosine is still the float sum of x_j·y_j in ascending j, the same bits at any vector width.
   */
  private List<List<Scored>> top(int[] queries, float[] against, int k, boolean skipSelf, ReportThreads threads)
      throws IOException {
    // Blocks of queries on the threads: a query's cosines are computed the same way in whichever block it is.
    int blocks = (queries.length + QUERY_BLOCK - 1) / QUERY_BLOCK;
    List<List<List<Scored>>> parts = threads.map(blocks, b -> top(
        Arrays.copyOfRange(queries, b * QUERY_BLOCK, Math.min(queries.length, (b + 1) * QUERY_BLOCK)), against, k,
        skipSelf));
    List<List<Scored>> out = new ArrayList<>(queries.length);
    parts.forEach(out::addAll);
    return out;
  }

  private List<List<Scored>> top(int[] queries, float[] against, int k, boolean skipSelf) {
    int q = queries.length;
    float[] transposed = new float[n * q];
    for (int a = 0; a < q; a++) {
      for (int j = 0; j < n; j++) {
        transposed[j * q + a] = unit[queries[a] * n + j];
      }
    }
    int[][] ids = new int[q][k];
    double[][] scores = new double[q][k];
    int[] filled = new int[q];
    float[] dots = new float[q];
    int count = against.length / n;
    for (int r = 0; r < count; r++) {
      Arrays.fill(dots, 0f);
      int b = r * n;
      for (int j = 0; j < n; j++) {
        addScaled(dots, transposed, j * q, against[b + j]);
      }
      for (int a = 0; a < q; a++) {
        if (skipSelf && r == queries[a]) {
          continue;
        }
        float dot = dots[a];
        if (filled[a] < k) {
          ids[a][filled[a]] = r;
          scores[a][filled[a]++] = dot;
          bubble(ids[a], scores[a], filled[a] - 1);
        } else if (dot > scores[a][k - 1]) {
          ids[a][k - 1] = r;
          scores[a][k - 1] = dot;
          bubble(ids[a], scores[a], k - 1);
        }
      }
    }
    List<List<Scored>> out = new ArrayList<>(q);
    for (int a = 0; a < q; a++) {
      List<Scored> best = new ArrayList<>(filled[a]);
      for (int i = 0; i < filled[a]; i++) {
        best.add(new Scored(ids[a][i], scores[a][i]));
      }
      out.add(best);
    }
    return out;
  }

  /**
   * dots += y · transposed[from, from + dots.length), lane by lane a multiply then an add (not fused), exactly the
   * scalar float operations, so the bits do not depend on the vector width.
   */
  private static void addScaled(float[] dots, float[] transposed, int from, float y) {
    int a = 0;
    for (int upper = FLOATS.loopBound(dots.length); a < upper; a += FLOATS.length()) {
      FloatVector.fromArray(FLOATS, transposed, from + a).mul(y).add(FloatVector.fromArray(FLOATS, dots, a))
          .intoArray(dots, a);
    }
    for (; a < dots.length; a++) {
      dots[a] += transposed[from + a] * y;
    }
  }

  /** Moves entry {@code at} up to its place in the descending list (earlier ids win ties). */
  private static void bubble(int[] ids, double[] scores, int at) {
    for (int i = at; i > 0 && scores[i] > scores[i - 1]; i--) {
      double s = scores[i];
      scores[i] = scores[i - 1];
      scores[i - 1] = s;
      int id = ids[i];
      ids[i] = ids[i - 1];
      ids[i - 1] = id;
    }
  }
}
