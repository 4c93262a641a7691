package org.sae4j.core.checkpoint;

import java.util.Arrays;

/**
 * A named float32 tensor, row-major, as stored in a safetensors file.
 *
 * @param name the tensor's key in the file
 * @param shape dimensions, each &gt;= 0; an empty shape is a scalar; copied
 * @param data the values, product(shape) of them; not copied (the record owns the array)
 */
public record Tensor(String name, long[] shape, float[] data) {

  public Tensor {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("tensor name must be non-empty");
    }
    shape = shape.clone();
    long elements = elements(shape);
    if (elements < 0) {
      throw new IllegalArgumentException("tensor '" + name + "': bad shape " + Arrays.toString(shape));
    }
    if (data.length != elements) {
      throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape) + " needs "
          + elements + " values, got " + data.length);
    }
  }

  /** A tensor whose shape is given as ints. */
  public static Tensor of(String name, float[] data, int... shape) {
    return new Tensor(name, Arrays.stream(shape).asLongStream().toArray(), data);
  }

  /**
   * The number of elements of a shape, or -1 when a dimension is negative or the product exceeds the largest
   * Java array.
   */
  static long elements(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        return -1;
      }
      if (d != 0 && n > (Integer.MAX_VALUE - 8) / d) {
        return -1;
      }
      n *= d;
    }
    return n;
  }

  /** A copy of the shape. */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Whether the shape equals {@code expected}. */
  public boolean hasShape(long... expected) {
    return Arrays.equals(shape, expected);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t && name.equals(t.name) && Arrays.equals(shape, t.shape)
        && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return (31 * name.hashCode() + Arrays.hashCode(shape)) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Tensor[" + name + " " + Arrays.toString(shape) + "]";
  }
}
