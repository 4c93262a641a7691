package org.sae4j.kernels;

import java.util.Arrays;

/**
 * The active (row, feature) pairs of a batch, f_ti &gt; 0, in two orders, with buffers that grow on demand and
 * are reused across steps.
 *
 * <ul>
 *   <li>Row-major (CSR): row t's pairs are entries {@code rowStart[t] .. rowStart[t+1])}, features ascending,
 *       with {@code feature[k]}, {@code value[k]} = f_tk and, in training, {@code featureGradient[k]} =
 *       ∂L/∂f_tk.</li>
 *   <li>Feature-major (CSC, built by {@link #buildColumns}): feature i's pairs are positions
 *       {@code columnStart[i] .. columnStart[i+1])} of {@code columnEntry}, which hold CSR entry numbers in
 *       ascending row order.</li>
 * </ul>
 */
final class ActiveSet {

  private final int features;
  int rows;
  int size;
  final int[] rowStart;
  int[] feature = new int[1024];
  float[] value = new float[1024];
  float[] featureGradient = new float[1024];
  /** The row of each CSR entry, so that the feature-major view can reach x_t and e_t. */
  int[] entryRow = new int[1024];
  final int[] columnStart;
  int[] columnEntry = new int[1024];
  /** Features with at least one active row, ascending; {@code activeFeatureCount} of them are valid. */
  final int[] activeFeatures;
  int activeFeatureCount;

  ActiveSet(int maxRows, int features) {
    this.features = features;
    this.rowStart = new int[maxRows + 1];
    this.columnStart = new int[features + 1];
    this.activeFeatures = new int[features];
  }

  /** Whether feature i has an active row; needs the feature-major view. */
  boolean active(int i) {
    return columnStart[i + 1] > columnStart[i];
  }

  /**
   * Keeps only the row-major entries {@code kept[0 .. count)} (ascending entry numbers), in place; the
   * feature-major view must be rebuilt afterwards.
   */
  void retain(int[] kept, int count) {
    int k = 0;
    int at = 0;
    for (int t = 0; t < rows; t++) {
      int end = rowStart[t + 1];
      rowStart[t] = at;
      for (; k < count && kept[k] < end; k++) {
        move(kept[k], at++, t);
      }
    }
    rowStart[rows] = at;
    size = at;
  }

  /** Keeps only the entries whose value is above {@code threshold}, in place. */
  void retainAbove(float threshold) {
    int at = 0;
    int e = 0;
    for (int t = 0; t < rows; t++) {
      int end = rowStart[t + 1];
      rowStart[t] = at;
      for (; e < end; e++) {
        if (value[e] > threshold) {
          move(e, at++, t);
        }
      }
    }
    rowStart[rows] = at;
    size = at;
  }

  /**
   * Moves the entries whose value is at most {@code threshold} of their feature (not modified) into {@code below}
   * (its content replaced) and keeps the others in place, both in row-major order; feature-major views must be
   * built afterwards.
   */
  void splitAt(float[] threshold, ActiveSet below) {
    below.ensureCapacity(size);
    below.rows = rows;
    int at = 0;
    int low = 0;
    int e = 0;
    for (int t = 0; t < rows; t++) {
      int end = rowStart[t + 1];
      rowStart[t] = at;
      below.rowStart[t] = low;
      for (; e < end; e++) {
        if (value[e] > threshold[feature[e]]) {
          move(e, at++, t);
        } else {
          below.feature[low] = feature[e];
          below.value[low] = value[e];
          below.entryRow[low] = t;
          low++;
        }
      }
    }
    rowStart[rows] = at;
    size = at;
    below.rowStart[rows] = low;
    below.size = low;
  }

  /**
   * Replaces {@code out}'s content with each row's {@code k} best entries among the features marked in
   * {@code among} (not modified): larger value first, of equal values the lower feature, kept in feature order,
   * so the choice is the one the TopK encoder makes for the AuxK loss. O(entries), rows in order.
   */
  void bestPerRow(boolean[] among, int k, TopKSelection selection, ActiveSet out) {
    out.ensureCapacity(size);
    out.rows = rows;
    int at = 0;
    for (int t = 0; t < rows; t++) {
      out.rowStart[t] = at;
      int candidates = 0;
      for (int e = rowStart[t]; e < rowStart[t + 1]; e++) {
        if (among[feature[e]]) {
          out.feature[at + candidates] = feature[e];
          out.value[at + candidates] = value[e];
          candidates++;
        }
      }
      int kept = selection.keep(out.feature, out.value, at, candidates, k);
      Arrays.fill(out.entryRow, at, at + kept, t);
      at += kept;
    }
    out.rowStart[rows] = at;
    out.size = at;
  }

  /**
   * Keeps only the entries above {@code floor} of their feature (not modified), in place; the feature-major view must
   * be rebuilt afterwards.
   */
  void retainAbove(float[] floor) {
    int at = 0;
    int e = 0;
    for (int t = 0; t < rows; t++) {
      int end = rowStart[t + 1];
      rowStart[t] = at;
      for (; e < end; e++) {
        if (value[e] > floor[feature[e]]) {
          move(e, at++, t);
        }
      }
    }
    rowStart[rows] = at;
    size = at;
  }

  /**
   * Replaces {@code out}'s content with the entries of the features marked in {@code among} (not modified) whose
   * value is below {@code threshold} of their feature (not modified), in row-major order.
   */
  void copyBelow(boolean[] among, float[] threshold, ActiveSet out) {
    out.ensureCapacity(size);
    out.rows = rows;
    int at = 0;
    for (int t = 0; t < rows; t++) {
      out.rowStart[t] = at;
      for (int e = rowStart[t]; e < rowStart[t + 1]; e++) {
        int i = feature[e];
        if (among[i] && value[e] < threshold[i]) {
          out.feature[at] = i;
          out.value[at] = value[e];
          out.entryRow[at] = t;
          at++;
        }
      }
    }
    out.rowStart[rows] = at;
    out.size = at;
  }

  private void move(int from, int to, int row) {
    feature[to] = feature[from];
    value[to] = value[from];
    entryRow[to] = row;
  }

  /** Makes room for {@code total} entries, keeping none of the old content. */
  void ensureCapacity(int total) {
    if (feature.length < total) {
      int grown = Math.max(total, feature.length + (feature.length >> 1));
      feature = new int[grown];
      value = new float[grown];
      featureGradient = new float[grown];
      entryRow = new int[grown];
      columnEntry = new int[grown];
    }
  }

  /**
   * Builds the feature-major view from the row-major one with a counting sort, which visits rows in
   * ascending order and so keeps each feature's rows ascending; also lists the active features.
   */
  void buildColumns() {
    int[] start = columnStart;
    Arrays.fill(start, 0);
    for (int k = 0; k < size; k++) {
      start[feature[k] + 1]++;
    }
    activeFeatureCount = 0;
    for (int i = 0; i < features; i++) {
      if (start[i + 1] > 0) {
        activeFeatures[activeFeatureCount++] = i;
      }
      start[i + 1] += start[i];
    }
    // columnStart[i] is used as a cursor while filling, then shifted back.
    for (int k = 0; k < size; k++) {
      columnEntry[start[feature[k]]++] = k;
    }
    System.arraycopy(start, 0, start, 1, features);
    start[0] = 0;
  }
}
