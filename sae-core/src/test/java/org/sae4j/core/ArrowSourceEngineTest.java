package org.sae4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.core.descriptor.DescriptorReader;
import org.sae4j.store.ActivationWriter;
import org.sae4j.store.ArrowTables;
import org.sae4j.store.StoreException;
import org.sae4j.store.WriterOptions;

/** A user's own activations ({@code data.source: arrow}) go through the same training and evaluation. */
class ArrowSourceEngineTest {
  @TempDir
  Path dir;

  @Test
  void trains_and_evaluates_on_arrow_files_brought_by_the_user() throws Exception {
    Path acts = dir.resolve("acts");
    writeActivations(acts, 12, 20_000);
    Path file = dir.resolve("mine.yaml");
    Files.writeString(file, """
        name: mine
        data:
          source: arrow
          path: acts
          evalTokens: 2000
        sae:
          features: 48
        training:
          batchSize: 200
          lr: 3.0e-3
          l1: 0.5
        goals:
          varianceExplained: ">= 0.3"
        """);
    List<String> lines = new ArrayList<>();
    Engine engine = new Engine(DescriptorReader.read(file), dir.resolve("out"), 1, lines::add);
    engine.train();
    engine.evaluate();

    JsonNode run = new ObjectMapper().readTree(dir.resolve("out/mine/run.json").toFile());
    assertThat(run.path("data").path("rows").asLong()).isEqualTo(20_000);
    assertThat(run.path("data").path("evalRows").asLong()).isEqualTo(2_000);
    assertThat(run.path("training").path("steps").asLong()).isEqualTo(18_000 / 200);
    assertThat(run.path("metrics").has("featureRecovery")).isFalse();
    assertThat(engine.check().passed()).isTrue();
    // The last progress line's estimate of the mse on x (one training batch) is near the held-out mse.
    String last = lines.stream().filter(l -> l.startsWith("step 90/90")).findFirst().orElseThrow();
    Matcher m = Pattern.compile("mse on x ≈ ([0-9.e+-]+)").matcher(last);
    assertThat(m.find()).as(last).isTrue();
    double evaluated = run.path("metrics").path("mse").asDouble();
    assertThat(Double.parseDouble(m.group(1))).as(last).isBetween(evaluated / 1.5, evaluated * 1.5);
    assertThat(lines).anyMatch(l -> l.startsWith("evaluated 2,000/2,000 held-out tokens (100.0%)"));
  }

  @Test
  void trains_on_a_saelens_style_cache_of_sequences_written_by_another_arrow_writer() throws Exception {
    // 410 contexts of 50 positions; position 0 (BOS) left out: 20,090 token rows.
    int context = 50;
    float[] tokens = sparseRows(12, 410 * context);
    try (RootAllocator allocator = new RootAllocator()) {
      new ArrowTables(allocator).write(dir.resolve("cache.arrow"), new ArrowTables.Table("blocks.2.hook_resid_post",
          ArrowTables.Lists.LIST, ArrowTables.Values.FLOAT16, context, 12, true, true, 64), tokens);
    }
    Path file = dir.resolve("saelens.yaml");
    Files.writeString(file, """
        name: saelens
        data:
          source: arrow
          path: cache.arrow
          column: blocks.2.hook_resid_post
          skipPositions: [0]
          evalTokens: 2000
        sae:
          features: 48
        training:
          batchSize: 200
          lr: 3.0e-3
          l1: 0.5
        goals:
          varianceExplained: ">= 0.3"
        """);
    Engine engine = new Engine(DescriptorReader.read(file), dir.resolve("out"), 1, line -> { });
    engine.train();
    engine.evaluate();

    JsonNode run = new ObjectMapper().readTree(dir.resolve("out/saelens/run.json").toFile());
    assertThat(run.path("data").path("rows").asLong()).isEqualTo(410 * 49);
    assertThat(engine.check().passed()).isTrue();
  }

  @Test
  void trains_on_the_files_written_by_node_apache_arrow() throws Exception {
    Path fixtures = Path.of("..", "arrow-store", "src", "test", "resources", "fixtures", "node").toAbsolutePath();
    String hf = """
        name: hf
        data:
          source: arrow
          path: %s
          evalTokens: 8
        sae:
          features: 16
        training:
          batchSize: 8
          lr: 3.0e-3
          l1: 0.1
        """.formatted(fixtures.resolve("hf-dataset"));
    String saelens = """
        name: saelens
        data:
          source: arrow
          path: %s
          column: blocks.0.hook_resid_post
          skipPositions: [0]
          evalTokens: 12
        sae:
          features: 16
        training:
          batchSize: 8
          lr: 3.0e-3
          l1: 0.1
        """.formatted(fixtures.resolve("saelens-sequences.arrow"));
    for (String text : new String[] {hf, saelens}) {
      Path file = dir.resolve("node.yaml");
      Files.writeString(file, text);
      Engine engine = new Engine(DescriptorReader.read(file), dir.resolve("out"), 1, line -> { });
      engine.train();
      engine.evaluate();
      String name = text.contains("name: hf") ? "hf" : "saelens";
      JsonNode run = new ObjectMapper().readTree(dir.resolve("out/" + name + "/run.json").toFile());
      long rows = name.equals("hf") ? 40 : 60;
      assertThat(run.path("data").path("rows").asLong()).as(name).isEqualTo(rows);
      assertThat(run.path("training").path("steps").asLong()).as(name).isEqualTo((rows - run.path("data")
          .path("evalRows").asLong()) / 8);
      assertThat(run.path("metrics").path("mse").asDouble(Double.NaN)).as(name).isFinite();
    }
  }

  @Test
  void a_missing_path_is_reported_by_name() throws Exception {
    Path file = dir.resolve("missing.yaml");
    Files.writeString(file, """
        name: missing
        data:
          source: arrow
          path: nowhere
        sae:
          features: 8
        """);
    Engine engine = new Engine(DescriptorReader.read(file), dir.resolve("out"), 1, line -> { });
    assertThatThrownBy(engine::train).isInstanceOf(StoreException.class).hasMessageContaining("nowhere");
  }

  /** Rows built from 24 sparse directions, like real activations only in being sparse sums. */
  private static void writeActivations(Path target, int dim, int rows) throws Exception {
    float[] batch = sparseRows(dim, rows);
    Files.createDirectories(target);
    try (ActivationWriter writer = ActivationWriter.create(target, dim, WriterOptions.defaults(), Map.of())) {
      writer.write(batch, rows);
      writer.finish();
    }
  }

  private static float[] sparseRows(int dim, int rows) {
    SplittableRandom random = new SplittableRandom(3);
    float[][] directions = new float[24][dim];
    for (float[] d : directions) {
      for (int j = 0; j < dim; j++) {
        d[j] = (float) random.nextGaussian();
      }
    }
    float[] batch = new float[rows * dim];
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < 2; k++) {
        float[] d = directions[random.nextInt(directions.length)];
        float magnitude = (float) (0.5 + random.nextDouble());
        for (int j = 0; j < dim; j++) {
          batch[r * dim + j] += magnitude * d[j];
        }
      }
    }
    return batch;
  }
}
