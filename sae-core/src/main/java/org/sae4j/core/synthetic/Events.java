package org.sae4j.core.synthetic;

import java.util.Arrays;
import org.sae4j.kernels.SparseCodes;

/** The (row, feature, magnitude) activations of one chunk, in feature-major order of drawing. */
final class Events {
  int[] row;
  int[] feature;
  float[] magnitude;
  int size;

  Events(int capacity) {
    row = new int[capacity];
    feature = new int[capacity];
    magnitude = new float[capacity];
  }

  void add(int r, int f, float m) {
    if (size == row.length) {
      int grown = size + (size >> 1) + 16;
      row = Arrays.copyOf(row, grown);
      feature = Arrays.copyOf(feature, grown);
      magnitude = Arrays.copyOf(magnitude, grown);
    }
    row[size] = r;
    feature[size] = f;
    magnitude[size] = m;
    size++;
  }

  /** Row-major compressed form; a stable counting sort by row keeps features ascending within each row. */
  void toCodes(int rows, SparseCodes out) {
    int[] starts = new int[rows + 1];
    for (int e = 0; e < size; e++) {
      starts[row[e] + 1]++;
    }
    for (int r = 0; r < rows; r++) {
      starts[r + 1] += starts[r];
    }
    int[] next = Arrays.copyOf(starts, rows);
    int[] indices = new int[size];
    float[] values = new float[size];
    for (int e = 0; e < size; e++) {
      int slot = next[row[e]]++;
      indices[slot] = feature[e];
      values[slot] = magnitude[e];
    }
    out.set(rows, starts, indices, values);
  }
}
