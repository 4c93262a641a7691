package org.sae4j.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.core.checkpoint.Safetensors;
import org.sae4j.core.checkpoint.Tensor;
import org.sae4j.store.ActivationStore;
import org.sae4j.store.ActivationWriter;
import org.sae4j.store.AtomicFiles;
import org.sae4j.store.BatchReader;
import org.sae4j.store.WriterOptions;

/** Generation through a real {@link ActivationWriter}; each store opened here is closed, releasing its allocator. */
class SyntheticStoreTest {
  private static final SyntheticSpec SPEC = new SyntheticSpec(8, 20, 2.0, 1.0, 0.5, 1.5, 0.05, 5000);
  /** SHA-256 of chunk 1 and the directions of {@link #the_data_is_the_same_bits_on_every_machine()}'s data set. */
  private static final String GOLDEN = "7e87f56903bf16f2bd21da549e1af935fc107090e537c59f1229057975cae8cd";

  @TempDir
  Path dir;

  private float[] generate(Path target, long seed, List<Long> progress) throws IOException {
    try (ActivationWriter writer = ActivationWriter.create(target, SPEC.dim(), new WriterOptions(3000, 512, false),
        Map.of("source", "synthetic"))) {
      new SyntheticGenerator(SPEC, seed).generate(writer, target.resolve("true_features.safetensors"), progress::add);
      writer.finish();
    }
    return readAll(target);
  }

  private static float[] readAll(Path target) throws IOException {
    try (ActivationStore store = ActivationStore.open(target);
         BatchReader reader = store.reader(store.all(), 700, 0, false)) {
      assertThat(store.rows()).isEqualTo(SPEC.tokens());
      float[] all = new float[(int) SPEC.tokens() * SPEC.dim()];
      float[] batch = new float[700 * SPEC.dim()];
      int done = 0;
      for (int n = reader.next(batch); n > 0; n = reader.next(batch)) {
        System.arraycopy(batch, 0, all, done * SPEC.dim(), n * SPEC.dim());
        done += n;
      }
      assertThat(done).isEqualTo(SPEC.tokens());
      return all;
    }
  }

  @Test
  void writes_every_row_reproducibly_and_the_true_directions() throws IOException {
    List<Long> progress = new ArrayList<>();
    float[] first = generate(dir.resolve("a"), 11, progress);
    float[] second = generate(dir.resolve("b"), 11, new ArrayList<>());
    float[] other = generate(dir.resolve("c"), 12, new ArrayList<>());

    assertThat(second).containsExactly(first);
    assertThat(Arrays.equals(first, other)).isFalse();
    assertThat(progress).containsExactly(4096L, 5000L);
    SyntheticGenerator g = new SyntheticGenerator(SPEC, 11);
    assertThat(SyntheticGenerator.readTrueDirections(dir.resolve("a/true_features.safetensors"), SPEC.dim()))
        .containsExactly(g.trueDirections());
    float[] chunk = new float[SyntheticGenerator.CHUNK_ROWS * SPEC.dim()];
    g.fillChunk(1, chunk, null);
    assertThat(Arrays.copyOfRange(first, 4096 * SPEC.dim(), 5000 * SPEC.dim()))
        .containsExactly(Arrays.copyOf(chunk, 904 * SPEC.dim()));
  }

  @Test
  void generation_resumed_in_the_middle_of_a_chunk_writes_the_same_bits() throws IOException {
    float[] expected = generate(dir.resolve("whole"), 11, new ArrayList<>());
    Path target = dir.resolve("resumed");
    WriterOptions layout = new WriterOptions(3000, 512, false);
    // Interrupted after the first chunk: shard 0 (rows 0..2999) is finished, shard 1 is not.
    try (ActivationWriter writer = ActivationWriter.resume(target, SPEC.dim(), layout, Map.of("source", "synthetic"),
        line -> { })) {
      assertThatThrownBy(() -> new SyntheticGenerator(SPEC, 11).generate(writer,
          target.resolve("true_features.safetensors"), rows -> {
            throw new IllegalStateException("interrupted at row " + rows);
          })).hasMessage("interrupted at row 4096");
    }
    List<Long> progress = new ArrayList<>();
    List<String> log = new ArrayList<>();
    try (ActivationWriter writer = ActivationWriter.resume(target, SPEC.dim(), layout, Map.of("source", "synthetic"),
        log::add)) {
      assertThat(writer.rows()).isEqualTo(3000);
      new SyntheticGenerator(SPEC, 11).generate(writer, target.resolve("true_features.safetensors"), progress::add);
      writer.finish();
    }

    assertThat(log).singleElement().asString().contains("keeping 1 finished shard(s)");
    assertThat(progress).containsExactly(4096L, 5000L);
    assertThat(readAll(target)).containsExactly(expected);
  }

  /**
   * The bits of a small data set, pinned: the generator uses named seed streams, {@code Gaussian.next} and
   * {@code StrictMath}, so these bytes are the same on every CPU and JVM; a change here is a change of the data every
   * run trains on, and must come with a new {@link SyntheticGenerator#ALGORITHM}.
   */
  @Test
  void the_data_is_the_same_bits_on_every_machine() {
    SyntheticGenerator g = new SyntheticGenerator(new SyntheticSpec(8, 20, 2.5, 1.3, 0.5, 1.5, 0.05, 5000), 11);
    float[] chunk = new float[SyntheticGenerator.CHUNK_ROWS * 8];
    ByteBuffer bytes = ByteBuffer.allocate((chunk.length + g.trueDirections().length) * 4)
        .order(ByteOrder.LITTLE_ENDIAN);
    g.fillChunk(1, chunk, null);
    bytes.asFloatBuffer().put(chunk).put(g.trueDirections());

    assertThat(AtomicFiles.sha256(bytes.array())).isEqualTo(GOLDEN);
  }

  @Test
  void reading_true_directions_of_another_dimension_names_the_file() throws IOException {
    Path file = dir.resolve("true_features.safetensors");
    Safetensors.write(file, List.of(Tensor.of(SyntheticGenerator.DIRECTIONS, new float[12], 3, 4)), Map.of());

    assertThatThrownBy(() -> SyntheticGenerator.readTrueDirections(file, 8)).isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("dimension 4, expected 8");
  }

  @Test
  void reading_a_directions_tensor_that_is_not_a_matrix_names_the_file() throws IOException {
    Path file = dir.resolve("flat.safetensors");
    Safetensors.write(file, List.of(Tensor.of(SyntheticGenerator.DIRECTIONS, new float[12], 12)), Map.of());

    assertThatThrownBy(() -> SyntheticGenerator.readTrueDirections(file)).isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("must be [K, dim]");
    assertThat(Files.exists(file)).isTrue();
  }
}
