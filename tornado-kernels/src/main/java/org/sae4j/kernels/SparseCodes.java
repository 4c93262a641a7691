package org.sae4j.kernels;

import java.util.Arrays;

/**
 * A reusable buffer for the feature activations of a batch, in compressed-row form: the active features of
 * row r are {@code featureIndex[rowStart[r] .. rowStart[r+1])} (ascending) with the values f_i(x) (the codes
 * of the backend's {@link ActivationRule}, not multiplied by decoder norms) at the same positions of
 * {@code value}.
 *
 * <p>Backends fill it through {@link #reset(int)}, {@link #add(int, float)} and {@link #endRow()}; readers use
 * {@link #rows()}, {@link #start(int)}, {@link #end(int)}, {@link #index(int)}, {@link #value(int)}.
 * Not thread-safe.
 */
public final class SparseCodes {
  private int rows;
  private int[] rowStart = new int[1];
  private int[] featureIndex = new int[1024];
  private float[] value = new float[1024];
  private int size;

  /** Empties the buffer to receive {@code expectedRows} rows. */
  public void reset(int expectedRows) {
    if (rowStart.length < expectedRows + 1) {
      rowStart = new int[expectedRows + 1];
    }
    rows = 0;
    size = 0;
    rowStart[0] = 0;
  }

  /** Appends an active feature to the current row; indices must ascend within a row. */
  public void add(int feature, float activation) {
    if (size == featureIndex.length) {
      int grown = Math.max(1024, size + (size >> 1));
      featureIndex = Arrays.copyOf(featureIndex, grown);
      value = Arrays.copyOf(value, grown);
    }
    featureIndex[size] = feature;
    value[size] = activation;
    size++;
  }

  /** Closes the current row. */
  public void endRow() {
    if (rows + 2 > rowStart.length) {
      rowStart = Arrays.copyOf(rowStart, Math.max(rows + 2, rowStart.length * 2));
    }
    rows++;
    rowStart[rows] = size;
  }

  /**
   * Replaces the whole content at once (for backends that compute rows in parallel).
   *
   * @param rowCount number of rows
   * @param starts row offsets, length &gt;= rowCount + 1, copied
   * @param indices feature indices, at least starts[rowCount] entries, copied
   * @param values activations, same length as indices, copied
   */
  public void set(int rowCount, int[] starts, int[] indices, float[] values) {
    int total = starts[rowCount];
    if (rowStart.length < rowCount + 1) {
      rowStart = new int[rowCount + 1];
    }
    System.arraycopy(starts, 0, rowStart, 0, rowCount + 1);
    if (featureIndex.length < total) {
      featureIndex = new int[total];
      value = new float[total];
    }
    System.arraycopy(indices, 0, featureIndex, 0, total);
    System.arraycopy(values, 0, value, 0, total);
    rows = rowCount;
    size = total;
  }

  public int rows() {
    return rows;
  }

  /** Total number of active (row, feature) pairs. */
  public int size() {
    return size;
  }

  public int start(int row) {
    return rowStart[row];
  }

  public int end(int row) {
    return rowStart[row + 1];
  }

  public int index(int k) {
    return featureIndex[k];
  }

  public float value(int k) {
    return value[k];
  }
}
