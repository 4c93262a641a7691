package org.sae4j.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  @TempDir
  Path dir;

  private static float[] random(SplittableRandom rnd, int count) {
    float[] a = new float[count];
    for (int i = 0; i < count; i++) {
      a[i] = (float) rnd.nextGaussian();
    }
    return a;
  }

  /** A file built by hand: header JSON (padded to 8) then the given little-endian floats. */
  private Path handMade(String json, float... values) throws IOException {
    byte[] header = json.getBytes(StandardCharsets.UTF_8);
    int padded = (header.length + 7) & ~7;
    ByteBuffer buf = ByteBuffer.allocate(8 + padded + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(padded).put(header);
    for (int i = header.length; i < padded; i++) {
      buf.put((byte) ' ');
    }
    for (float v : values) {
      buf.putFloat(v);
    }
    Path file = dir.resolve("hand.safetensors");
    Files.write(file, buf.array());
    return file;
  }

  @Test
  void round_trips_random_tensors_and_metadata() throws IOException {
    SplittableRandom rnd = new SplittableRandom(21);
    List<Tensor> tensors = List.of(Tensor.of("w", random(rnd, 35), 5, 7), Tensor.of("b", random(rnd, 5), 5),
        Tensor.of("scalar", random(rnd, 1)), Tensor.of("empty", new float[0], 0, 3),
        Tensor.of("cube", random(rnd, 24), 2, 3, 4));
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "pt");
    metadata.put("note", "ünïcode \"quoted\"");
    Path file = dir.resolve("t.safetensors");
    Safetensors.write(file, tensors, metadata);

    SafetensorsFile read = Safetensors.read(file);
    assertThat(read.tensors().values()).containsExactlyElementsOf(tensors);
    assertThat(read.metadata()).isEqualTo(metadata);
    try (var listing = Files.list(dir)) {
      assertThat(listing).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void equal_content_gives_identical_bytes_whatever_the_metadata_maps_order() throws IOException {
    // training_state.safetensors was written from a Map.of, whose order changes from JVM to JVM; two maps with the
    // same entries in opposite orders stand for two such JVMs.
    List<Tensor> tensors = List.of(Tensor.of("w", new float[] {1, 2, 3, 4, 5, 6}, 2, 3), Tensor.of("b", new float[2], 2));
    Map<String, String> forward = new LinkedHashMap<>();
    Map<String, String> backward = new LinkedHashMap<>();
    List<String> keys = List.of("format", "step", "inputScale", "zeta", "alpha");
    keys.forEach(k -> forward.put(k, k + "-value"));
    keys.reversed().forEach(k -> backward.put(k, k + "-value"));
    Path a = dir.resolve("a.safetensors");
    Path b = dir.resolve("b.safetensors");
    Safetensors.write(a, tensors, forward);
    Safetensors.write(b, tensors, backward);

    assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
    assertThat(Safetensors.read(b).metadata()).isEqualTo(forward);
  }

  @Test
  void writes_a_space_padded_header_aligned_to_eight_bytes() throws IOException {
    Path file = dir.resolve("a.safetensors");
    Safetensors.write(file, List.of(Tensor.of("x", new float[] {1.5f, -2f}, 2)), Map.of());
    byte[] bytes = Files.readAllBytes(file);
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);

    assertThat(headerLength % 8).isZero();
    assertThat(header.strip()).isEqualTo("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}");
    assertThat(bytes).hasSize((int) (8 + headerLength + 8));
    assertThat(ByteBuffer.wrap(bytes, (int) (8 + headerLength), 8).order(ByteOrder.LITTLE_ENDIAN).getFloat())
        .isEqualTo(1.5f);
  }

  @Test
  void reads_a_file_laid_out_by_hand() throws IOException {
    Path file = handMade("{\"__metadata__\":{\"k\":\"v\"},\"b\":{\"dtype\":\"F32\",\"shape\":[1],"
        + "\"data_offsets\":[8,12]},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 1, 2, 3);

    SafetensorsFile f = Safetensors.read(file);
    assertThat(f.require("a", 2).data()).containsExactly(1, 2);
    assertThat(f.require("b", 1).data()).containsExactly(3);
    assertThat(f.metadata()).containsExactly(Map.entry("k", "v"));
  }

  @Test
  void rejects_a_truncated_file_naming_it() throws IOException {
    Path file = dir.resolve("cut.safetensors");
    Safetensors.write(file, List.of(Tensor.of("w", new float[12], 3, 4)), Map.of());
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 5));

    assertThatThrownBy(() -> Safetensors.read(file)).isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("truncated");
  }

  @Test
  void rejects_offsets_that_do_not_match_the_shape_naming_file_and_tensor() throws IOException {
    Path file = handMade("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,12]}}", 1, 2, 3);

    assertThatThrownBy(() -> Safetensors.read(file)).isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("tensor 'a'")
        .hasMessageContaining("span 12 bytes");
  }

  @Test
  void rejects_overlapping_tensors() throws IOException {
    Path file = handMade("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 1, 2, 3);

    assertThatThrownBy(() -> Safetensors.read(file)).isInstanceOf(IOException.class)
        .hasMessageContaining("tensor 'b'").hasMessageContaining("overlap");
  }

  @Test
  void rejects_a_header_length_beyond_the_file() throws IOException {
    Path file = dir.resolve("long.safetensors");
    ByteBuffer buf = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).put("{}      ".getBytes(
        StandardCharsets.US_ASCII));
    Files.write(file, buf.array());

    assertThatThrownBy(() -> Safetensors.read(file)).isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("invalid header length 1000");
  }

  @Test
  void rejects_other_dtypes_naming_the_tensor() throws IOException {
    Path file = handMade("{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 0);

    assertThatThrownBy(() -> Safetensors.read(file)).isInstanceOf(IOException.class)
        .hasMessageContaining("tensor 'h'").hasMessageContaining("dtype F16 is not supported");
  }

  @Test
  void rejects_a_header_that_is_not_json() throws IOException {
    Path file = handMade("{\"a\":", 0);

    assertThatThrownBy(() -> Safetensors.read(file)).isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("not valid JSON");
  }

  @Test
  void require_names_the_tensor_and_both_shapes() throws IOException {
    Path file = dir.resolve("s.safetensors");
    Safetensors.write(file, List.of(Tensor.of("w", new float[6], 2, 3)), Map.of());
    SafetensorsFile f = Safetensors.read(file);

    assertThatThrownBy(() -> f.require("w", 3, 2)).hasMessageContaining("tensor 'w' has shape [2, 3], expected [3, 2]");
    assertThatThrownBy(() -> f.require("v", 1)).hasMessageContaining("missing tensor 'v'");
  }
}
