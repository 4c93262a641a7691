package org.sae4j.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
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
import org.sae4j.store.BatchReader;
import org.sae4j.store.WriterOptions;

/** Generation through a real {@link ActivationWriter}; each store opened here is closed, releasing its allocator. */
class SyntheticStoreTest {
  private static final SyntheticSpec SPEC = new SyntheticSpec(8, 20, 2.0, 1.0, 0.5, 1.5, 0.05, 5000);

  @TempDir
  Path dir;

  private float[] generate(Path target, long seed, List<Long> progress) throws IOException {
    try (ActivationWriter writer = ActivationWriter.create(target, SPEC.dim(), new WriterOptions(3000, 512, false),
        Map.of("source", "synthetic"))) {
      new SyntheticGenerator(SPEC, seed).generate(writer, target.resolve("true_features.safetensors"), progress::add);
      writer.finish();
    }
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
