package org.sae4j.core.reproduce;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.sae4j.core.checkpoint.SafetensorsFile;
import org.sae4j.core.checkpoint.Tensor;

/**
 * Compares two safetensors files bit for bit: the same tensor names, shapes and float bits (so {@code -0.0} differs
 * from {@code 0.0} and NaN payloads count), and the same {@code __metadata__}. The order of keys in the header is
 * not compared, since it carries no value.
 */
public final class TensorComparison {

  private TensorComparison() {
  }

  /**
   * The first difference between {@code recorded} and {@code reproduced}, in the recorded file's tensor order, as a
   * sentence naming the file, the tensor, the flat index and its position, both values and their bits, how many
   * elements of that tensor differ and which other tensors differ; empty when the files are bit-identical.
   *
   * @param label how to name the file in the sentence, e.g. {@code checkpoint/training_state.safetensors}
   */
  public static Optional<String> firstDifference(String label, SafetensorsFile recorded, SafetensorsFile reproduced) {
    Set<String> missing = new TreeSet<>(recorded.tensors().keySet());
    missing.removeAll(reproduced.tensors().keySet());
    Set<String> extra = new TreeSet<>(reproduced.tensors().keySet());
    extra.removeAll(recorded.tensors().keySet());
    if (!missing.isEmpty() || !extra.isEmpty()) {
      return Optional.of(label + ": the tensors differ: only recorded " + missing + ", only reproduced " + extra);
    }
    String first = null;
    List<String> others = new ArrayList<>();
    for (Tensor a : recorded.tensors().values()) {
      Tensor b = reproduced.tensors().get(a.name());
      String difference = difference(a, b);
      if (difference != null && first == null) {
        first = difference;
      } else if (difference != null) {
        others.add(a.name());
      }
    }
    if (first != null) {
      return Optional.of(label + ": " + first + "; " + (others.isEmpty() ? "no other tensor differs"
          : "other tensors that differ: " + String.join(", ", others)));
    }
    return metadataDifference(recorded.metadata(), reproduced.metadata()).map(d -> label + ": " + d);
  }

  /** How {@code b} differs from {@code a} (same name), or null when their shapes and bits are equal. */
  private static String difference(Tensor a, Tensor b) {
    if (!Arrays.equals(a.shape(), b.shape())) {
      return "tensor '" + a.name() + "' has shape " + Arrays.toString(a.shape()) + " recorded but "
          + Arrays.toString(b.shape()) + " reproduced";
    }
    float[] x = a.data();
    float[] y = b.data();
    int first = -1;
    int count = 0;
    for (int i = 0; i < x.length; i++) {
      if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
        if (first < 0) {
          first = i;
        }
        count++;
      }
    }
    if (first < 0) {
      return null;
    }
    return String.format("tensor '%s' %s differs first at flat index %d, element %s: recorded %s (bits 0x%08x),"
            + " reproduced %s (bits 0x%08x); %d of %d elements of this tensor differ", a.name(),
        Arrays.toString(a.shape()), first, Arrays.toString(position(a.shape(), first)), x[first],
        Float.floatToRawIntBits(x[first]), y[first], Float.floatToRawIntBits(y[first]), count, x.length);
  }

  /** The row-major position of flat index {@code index} in a tensor of {@code shape}: [row, col] for a matrix. */
  static long[] position(long[] shape, long index) {
    long[] at = new long[shape.length];
    long rest = index;
    for (int d = shape.length - 1; d >= 0; d--) {
      at[d] = rest % shape[d];
      rest /= shape[d];
    }
    return at;
  }

  private static Optional<String> metadataDifference(Map<String, String> a, Map<String, String> b) {
    Set<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    for (String key : keys) {
      if (!Objects.equals(a.get(key), b.get(key))) {
        return Optional.of("__metadata__ '" + key + "' is " + shown(a.get(key)) + " recorded but "
            + shown(b.get(key)) + " reproduced");
      }
    }
    return Optional.empty();
  }

  private static String shown(String value) {
    return value == null ? "absent" : "'" + value + "'";
  }
}
