package org.sae4j.kernels;

/**
 * Keeps the k best of a row's candidate (feature, value) pairs in expected O(size) time, without sorting: a
 * quickselect on a scratch copy finds the k-th best pair, then one pass keeps the pairs that beat or equal it,
 * in their original (ascending feature) order. "Better" is a total order, a larger value first and, of equal
 * values, the lower feature index, so the kept set is a function of the candidates alone and does not depend
 * on the pivots, the thread or the vector width.
 */
final class TopKSelection {

  private float[] values = new float[64];
  private int[] features = new int[64];

  /**
   * Keeps the best {@code k} of the pairs at [from, from + size) of {@code feature}/{@code value} (modified), in
   * their original order, moved to the front of the range.
   *
   * @return the number kept, min(k, size)
   */
  int keep(int[] feature, float[] value, int from, int size, int k) {
    if (size <= k) {
      return size;
    }
    if (values.length < size) {
      values = new float[size + (size >> 1)];
      features = new int[values.length];
    }
    System.arraycopy(value, from, values, 0, size);
    System.arraycopy(feature, from, features, 0, size);
    select(size, k - 1);
    float kthValue = values[k - 1];
    int kthFeature = features[k - 1];
    int kept = 0;
    for (int e = from; e < from + size; e++) {
      float v = value[e];
      if (v > kthValue || (v == kthValue && feature[e] <= kthFeature)) {
        feature[from + kept] = feature[e];
        value[from + kept] = v;
        kept++;
      }
    }
    return kept;
  }

  /** Whether pair a comes before pair b: larger value, then lower feature. */
  private static boolean before(float va, int fa, float vb, int fb) {
    return va > vb || (va == vb && fa < fb);
  }

  /** Rearranges the scratch copy so that position {@code target} holds the pair of that rank. */
  private void select(int size, int target) {
    int lo = 0;
    int hi = size - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      // Median of three as the pivot: deterministic, and linear on sorted or reversed input.
      if (before(values[mid], features[mid], values[lo], features[lo])) {
        swap(mid, lo);
      }
      if (before(values[hi], features[hi], values[lo], features[lo])) {
        swap(hi, lo);
      }
      if (before(values[hi], features[hi], values[mid], features[mid])) {
        swap(hi, mid);
      }
      float pv = values[mid];
      int pf = features[mid];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (before(values[i], features[i], pv, pf)) {
          i++;
        }
        while (before(pv, pf, values[j], features[j])) {
          j--;
        }
        if (i <= j) {
          swap(i, j);
          i++;
          j--;
        }
      }
      if (target <= j) {
        hi = j;
      } else if (target >= i) {
        lo = i;
      } else {
        return;
      }
    }
  }

  private void swap(int a, int b) {
    float v = values[a];
    values[a] = values[b];
    values[b] = v;
    int f = features[a];
    features[a] = features[b];
    features[b] = f;
  }
}
