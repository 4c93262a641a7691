package org.sae4j.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Geometry of the decoder directions: each feature's nearest features by cosine of their decoder columns W_d,i, and
 * the tokens whose input embedding points the most the same way (cosine of W_d,i with each row of W_E). Both are
 * computed for the paged features only, against every feature and every token.
 */
final class Directions {
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

  /** The {@code k} features other than {@code feature} with the largest decoder cosine, highest first. */
  List<Scored> nearestFeatures(int feature, int k) {
    return top(unit, unit, feature, k, feature);
  }

  /**
   * The {@code k} tokens whose embedding has the largest cosine with the feature's decoder direction.
   *
   * @param embeddingsUnit W_E normalised by {@link #normalised}, {@code vocab × n}
   */
  List<Scored> alignedTokens(int feature, float[] embeddingsUnit, int k) {
    return top(unit, embeddingsUnit, feature, k, -1);
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

  private List<Scored> top(float[] queries, float[] against, int query, int k, int skip) {
    int count = against.length / n;
    int[] ids = new int[k];
    double[] scores = new double[k];
    int filled = 0;
    int q = query * n;
    for (int r = 0; r < count; r++) {
      if (r == skip) {
        continue;
      }
      // Unit rows, so the dot product is the cosine; float sums in a fixed order rank 30 k tokens fast enough.
      float dot = 0;
      int b = r * n;
      for (int j = 0; j < n; j++) {
        dot += queries[q + j] * against[b + j];
      }
      if (filled < k) {
        ids[filled] = r;
        scores[filled++] = dot;
        bubble(ids, scores, filled - 1);
      } else if (dot > scores[k - 1]) {
        ids[k - 1] = r;
        scores[k - 1] = dot;
        bubble(ids, scores, k - 1);
      }
    }
    List<Scored> out = new ArrayList<>(filled);
    for (int i = 0; i < filled; i++) {
      out.add(new Scored(ids[i], scores[i]));
    }
    return out;
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
