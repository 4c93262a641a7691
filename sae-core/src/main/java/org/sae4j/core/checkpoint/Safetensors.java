package org.sae4j.core.checkpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sae4j.store.AtomicFiles;

/**
 * Reads and writes the safetensors format (float32 tensors only).
 *
 * <p>Layout: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
 * {@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}}
 * padded with spaces to a multiple of 8, then the tensors' little-endian bytes; offsets are relative to the
 * end of the header. The reader checks everything before trusting it: header length against the file size,
 * the JSON's structure, dtype, that each tensor's byte span matches its shape, that the spans tile the data
 * region without gaps or overlaps, and that the file ends where the data does. Errors name the file and,
 * where there is one, the tensor.
 */
public final class Safetensors {
  /** The only dtype sae4j reads and writes. */
  public static final String F32 = "F32";
  private static final String METADATA = "__metadata__";
  private static final long MAX_HEADER = 100L << 20;
  private static final int CHUNK = 1 << 16;
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private Safetensors() {
  }

  /**
   * Writes {@code tensors} and {@code metadata} to {@code file} atomically (temporary file + rename).
   *
   * @param tensors written in this order; names must be unique and not {@code __metadata__}
   * @param metadata string pairs for {@code __metadata__}, written in key order whatever the map's iteration order
   *     (so that equal content gives equal bytes); omitted when empty
   */
  public static void write(Path file, Collection<Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    byte[] header = header(tensors, metadata);
    AtomicFiles.write(file, temp -> {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(header.length);
        drain(ch, buf);
        ch.write(ByteBuffer.wrap(header));
        for (Tensor t : tensors) {
          for (float v : t.data()) {
            if (!buf.hasRemaining()) {
              drain(ch, buf);
            }
            buf.putFloat(v);
          }
        }
        drain(ch, buf);
      }
    });
  }

  private static void drain(FileChannel ch, ByteBuffer buf) throws IOException {
    buf.flip();
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
    buf.clear();
  }

  private static byte[] header(Collection<Tensor> tensors, Map<String, String> metadata) {
    ObjectNode root = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = root.putObject(METADATA);
      // Sorted: a Map.of's iteration order changes from one JVM to the next, and the bytes must not.
      new TreeMap<>(metadata).forEach(meta::put);
    }
    long offset = 0;
    for (Tensor t : tensors) {
      if (t.name().equals(METADATA) || root.has(t.name())) {
        throw new IllegalArgumentException("tensor name '" + t.name() + "' is reserved or repeated");
      }
      ObjectNode entry = root.putObject(t.name());
      entry.put("dtype", F32);
      ArrayNode shape = entry.putArray("shape");
      for (long d : t.shape()) {
        shape.add(d);
      }
      long end = offset + 4L * t.data().length;
      entry.putArray("data_offsets").add(offset).add(end);
      offset = end;
    }
    byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) & ~7;
    byte[] header = Arrays.copyOf(json, padded);
    Arrays.fill(header, json.length, padded, (byte) ' ');
    return header;
  }

  /**
   * Reads and validates a whole file.
   *
   * @throws IOException naming the file (and tensor) when the file is malformed, truncated or not F32
   */
  public static SafetensorsFile read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw new IOException(file + ": " + size + " bytes is too short for a safetensors file (needs >= 8)");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0, file);
      long headerLength = lenBuf.flip().getLong();
      if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > size - 8) {
        throw new IOException(file + ": invalid header length " + headerLength + " for a file of " + size
            + " bytes");
      }
      ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLength);
      readFully(ch, headerBuf, 8, file);
      List<Entry> entries = new ArrayList<>();
      Map<String, String> metadata = parseHeader(file, headerBuf.array(), entries);
      long dataStart = 8 + headerLength;
      checkLayout(file, entries, size - dataStart);
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (Entry e : entries) {
        float[] data = new float[(int) ((e.end - e.begin) / 4)];
        readFloats(ch, dataStart + e.begin, data, file, e.name);
        tensors.put(e.name, new Tensor(e.name, e.shape, data));
      }
      return new SafetensorsFile(file, tensors, metadata);
    }
  }

  private record Entry(String name, long[] shape, long begin, long end) {
  }

  private static Map<String, String> parseHeader(Path file, byte[] header, List<Entry> entries)
      throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(header);
    } catch (JsonProcessingException e) {
      throw new IOException(file + ": header is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IOException(file + ": header is not a JSON object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      String name = field.getKey();
      JsonNode node = field.getValue();
      if (name.equals(METADATA)) {
        readMetadata(file, node, metadata);
      } else {
        entries.add(entry(file, name, node));
      }
    }
    return metadata;
  }

  private static void readMetadata(Path file, JsonNode node, Map<String, String> out) throws IOException {
    if (!node.isObject()) {
      throw new IOException(file + ": __metadata__ must be an object of strings");
    }
    for (Map.Entry<String, JsonNode> m : node.properties()) {
      if (!m.getValue().isTextual()) {
        throw new IOException(file + ": __metadata__ value of '" + m.getKey() + "' must be a string, got "
            + m.getValue().getNodeType());
      }
      out.put(m.getKey(), m.getValue().asText());
    }
  }

  private static Entry entry(Path file, String name, JsonNode node) throws IOException {
    String where = file + ": tensor '" + name + "': ";
    if (!node.isObject()) {
      throw new IOException(where + "header entry must be an object");
    }
    JsonNode dtype = node.get("dtype");
    if (dtype == null || !dtype.isTextual()) {
      throw new IOException(where + "missing string field dtype");
    }
    if (!dtype.asText().equals(F32)) {
      throw new IOException(where + "dtype " + dtype.asText() + " is not supported, expected " + F32);
    }
    long[] shape = longs(node.get("shape"), -1, where + "shape");
    long[] offsets = longs(node.get("data_offsets"), 2, where + "data_offsets");
    long elements = Tensor.elements(shape);
    if (elements < 0) {
      throw new IOException(where + "shape " + Arrays.toString(shape) + " is negative or too large");
    }
    if (offsets[1] < offsets[0] || offsets[1] - offsets[0] != 4 * elements) {
      throw new IOException(where + "data_offsets " + Arrays.toString(offsets) + " span "
          + (offsets[1] - offsets[0]) + " bytes, but shape " + Arrays.toString(shape) + " of F32 needs "
          + 4 * elements);
    }
    return new Entry(name, shape, offsets[0], offsets[1]);
  }

  private static long[] longs(JsonNode node, int expectedLength, String what) throws IOException {
    if (node == null || !node.isArray() || (expectedLength >= 0 && node.size() != expectedLength)) {
      throw new IOException(what + " must be an array of "
          + (expectedLength >= 0 ? expectedLength + " " : "") + "non-negative integers, got " + node);
    }
    long[] out = new long[node.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode v = node.get(i);
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
        throw new IOException(what + " must hold non-negative integers, got " + node);
      }
      out[i] = v.asLong();
    }
    return out;
  }

  /** The tensors must tile [0, dataSize) exactly, so no byte of the file is unaccounted for. */
  private static void checkLayout(Path file, List<Entry> entries, long dataSize) throws IOException {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort((a, b) -> a.begin != b.begin ? Long.compare(a.begin, b.begin) : Long.compare(a.end, b.end));
    long expected = 0;
    for (Entry e : sorted) {
      if (e.begin != expected) {
        throw new IOException(file + ": tensor '" + e.name + "': data_offsets [" + e.begin + ", " + e.end
            + "] " + (e.begin < expected ? "overlap" : "leave a gap after") + " the previous tensor (expected begin "
            + expected + ")");
      }
      expected = e.end;
    }
    if (expected != dataSize) {
      throw new IOException(file + ": file is " + (expected > dataSize ? "truncated" : "longer than its header says")
          + ": tensors need " + expected + " data bytes, file has " + dataSize);
    }
  }

  private static void readFloats(FileChannel ch, long position, float[] dest, Path file, String tensor)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    int done = 0;
    long pos = position;
    while (done < dest.length) {
      int n = Math.min(CHUNK / 4, dest.length - done);
      buf.clear().limit(4 * n);
      try {
        readFully(ch, buf, pos, file);
      } catch (EOFException e) {
        throw new IOException(file + ": tensor '" + tensor + "': " + e.getMessage(), e);
      }
      buf.flip().asFloatBuffer().get(dest, done, n);
      done += n;
      pos += 4L * n;
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new EOFException(file + ": unexpected end of file at byte " + pos);
      }
      pos += n;
    }
  }
}
