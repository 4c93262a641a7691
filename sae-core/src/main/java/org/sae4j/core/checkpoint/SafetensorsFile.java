package org.sae4j.core.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content of a safetensors file.
 *
 * @param file where it was read from (for messages)
 * @param tensors the tensors by name, in file order; unmodifiable
 * @param metadata the {@code __metadata__} strings; unmodifiable
 */
public record SafetensorsFile(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {

  public SafetensorsFile {
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /**
   * The tensor called {@code name}, of any shape.
   *
   * @throws IOException naming the file and the tensor when it is missing
   */
  public Tensor tensor(String name) throws IOException {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IOException(file + ": missing tensor '" + name + "' (found " + tensors.keySet() + ")");
    }
    return t;
  }

  /**
   * The tensor called {@code name}, which must have shape {@code expectedShape} (empty for a scalar).
   *
   * @throws IOException naming the file and the tensor when it is missing or has another shape
   */
  public Tensor require(String name, long... expectedShape) throws IOException {
    Tensor t = tensor(name);
    if (!t.hasShape(expectedShape)) {
      throw new IOException(file + ": tensor '" + name + "' has shape " + Arrays.toString(t.shape())
          + ", expected " + Arrays.toString(expectedShape));
    }
    return t;
  }

  /**
   * The metadata value under {@code key}.
   *
   * @throws IOException naming the file and the key when it is missing
   */
  public String requireMetadata(String key) throws IOException {
    String v = metadata.get(key);
    if (v == null) {
      throw new IOException(file + ": missing __metadata__ key '" + key + "'");
    }
    return v;
  }
}
