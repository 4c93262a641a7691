package org.sae4j.core.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.core.Engine;
import org.sae4j.core.checkpoint.Checkpoint;
import org.sae4j.core.checkpoint.Safetensors;
import org.sae4j.core.checkpoint.SafetensorsFile;
import org.sae4j.core.checkpoint.Tensor;
import org.sae4j.core.descriptor.DescriptorReader;
import org.sae4j.store.ActivationWriter;
import org.sae4j.store.AtomicFiles;
import org.sae4j.store.WriterOptions;

/** Reproducing a tiny synthetic run from its directory: bit-identical, or each kind of change named. */
class ReproducerTest {
  /** 140 steps of a 16-feature SAE on 8 dimensions: trains in well under a second. */
  static final String DESCRIPTOR = """
      name: tiny-repro
      seed: 11
      data:
        source: synthetic
        tokens: 20000
        evalTokens: 2000
        dim: 8
        trueFeatures: 16
        meanActive: 2
      sae:
        features: 16
      training:
        batchSize: 128
        lr: 3.0e-3
        l1: 1.0
      """;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;
  static Path output;
  static Path trained;

  private final List<String> log = new ArrayList<>();

  @BeforeAll
  static void train() throws Exception {
    Path file = dir.resolve("tiny-repro.yaml");
    Files.writeString(file, DESCRIPTOR);
    output = dir.resolve("out");
    Engine engine = new Engine(DescriptorReader.read(file), output, 2, line -> { });
    trained = engine.layout().runDirectory();
    engine.train();
  }

  @Test
  void a_finished_run_reproduces_bit_for_bit_on_another_thread_count_without_touching_the_run() throws Exception {
    String weights = AtomicFiles.sha256(checkpoint(trained, Checkpoint.WEIGHTS));

    Reproduction r = Reproducer.reproduce(trained, 1, log::add);

    assertThat(r.differences()).isEmpty();
    assertThat(r.identical()).isTrue();
    assertThat(r.reproducedRun()).isEqualTo(output.resolve(".reproduce/tiny-repro"));
    assertThat(AtomicFiles.sha256(checkpoint(r.reproducedRun(), Checkpoint.WEIGHTS))).isEqualTo(weights);
    assertThat(AtomicFiles.sha256(checkpoint(trained, Checkpoint.WEIGHTS))).isEqualTo(weights);
    assertThat(log).anyMatch(l -> l.startsWith("descriptor hash matches run.json"))
        .anyMatch(l -> l.equals("checkpoint/sae_weights.safetensors has the SHA-256 run.json records: " + weights))
        .anyMatch(l -> l.startsWith("data fingerprint matches run.json: "))
        .anyMatch(l -> l.startsWith("data: reusing verified data set " + output.resolve("data")))
        .anyMatch(l -> l.startsWith("bit-identical: every tensor of training_state.safetensors and"
            + " sae_weights.safetensors"))
        .noneMatch(l -> l.startsWith("WARN "));
  }

  @Test
  void one_changed_float_of_the_training_state_is_named_by_tensor_element_values_and_bits() throws Exception {
    Path run = copyOfRun("state-altered");
    Path state = checkpoint(run, Checkpoint.STATE);
    float[] original = Safetensors.read(state).tensor("encoder_weight").data();
    float altered = Math.nextUp(original[37]);
    String recorded = AtomicFiles.sha256(state);
    replaceElement(state, "encoder_weight", 37, altered);

    Reproduction r = Reproducer.reproduce(run, 2, log::add);

    assertThat(r.identical()).isFalse();
    assertThat(r.differences()).containsExactly("checkpoint/training_state.safetensors has SHA-256 "
        + AtomicFiles.sha256(state) + ", but run.json records " + recorded + ": the file was changed after training",
        String.format("checkpoint/training_state.safetensors: tensor"
            + " 'encoder_weight' [16, 8] differs first at flat index 37, element [4, 5]: recorded %s (bits 0x%08x),"
            + " reproduced %s (bits 0x%08x); 1 of 128 elements of this tensor differ; no other tensor differs",
        altered, Float.floatToRawIntBits(altered), original[37], Float.floatToRawIntBits(original[37])));
    assertThat(log).contains("WARN " + r.differences().getFirst())
        .anyMatch(l -> l.startsWith("checkpoint/sae_weights.safetensors has the SHA-256 run.json records"))
        .anyMatch(l -> l.startsWith("not reproduced: 2 differences"));
  }

  @Test
  void an_altered_weights_file_is_named_by_its_sha256_before_retraining_and_then_by_its_element() throws Exception {
    Path run = copyOfRun("weights-altered");
    Path weights = checkpoint(run, Checkpoint.WEIGHTS);
    String recorded = AtomicFiles.sha256(weights);
    replaceElement(weights, "b_dec", 3, 123.5f);
    String changed = AtomicFiles.sha256(weights);

    Reproduction r = Reproducer.reproduce(run, 2, log::add);

    assertThat(r.differences()).hasSize(2);
    assertThat(r.differences().get(0)).isEqualTo("checkpoint/sae_weights.safetensors has SHA-256 " + changed
        + ", but run.json records " + recorded + ": the file was changed after training");
    assertThat(r.differences().get(1)).startsWith("checkpoint/sae_weights.safetensors: tensor 'b_dec' [8] differs"
        + " first at flat index 3, element [3]: recorded 123.5 (bits 0x42f70000)");
    assertThat(log.indexOf("WARN " + r.differences().get(0)))
        .isLessThan(indexOfFirst(log, "retraining on the jvm backend"));
  }

  @Test
  void a_changed_data_fingerprint_names_both_and_nothing_is_retrained() throws Exception {
    Path run = copyOfRun("fingerprint-altered");
    ObjectNode json = (ObjectNode) JSON.readTree(run.resolve("run.json").toFile());
    String actual = json.get("dataFingerprint").asText();
    String recorded = "0123456789abcdef".repeat(4);
    json.put("dataFingerprint", recorded);
    JSON.writeValue(run.resolve("run.json").toFile(), json);

    Reproduction r = Reproducer.reproduce(run, 2, log::add);

    assertThat(r.reproducedRun()).isNull();
    assertThat(r.differences()).containsExactly("data fingerprint differs: run.json records " + recorded
        + ", but the data set " + output.resolve("data").resolve(dataSetName()) + " has " + actual
        + ": the data changed, so retraining would not see the same tokens");
    assertThat(log).noneMatch(l -> l.startsWith("retraining"))
        .anyMatch(l -> l.matches(" +vectorBits +\\d+ \\| \\d+"));
  }

  @Test
  void an_edited_resolved_descriptor_is_named_by_its_hash() throws Exception {
    Path run = copyOfRun("descriptor-edited");
    Path yaml = run.resolve("descriptor.yaml");
    Files.writeString(yaml, Files.readString(yaml).replace("  lr: 0.003\n", "  lr: 0.004\n"));
    String recorded = JSON.readTree(run.resolve("run.json").toFile()).get("descriptorHash").asText();

    Reproduction r = Reproducer.reproduce(run, 2, log::add);

    assertThat(r.differences()).singleElement().asString()
        .startsWith("descriptor.yaml has descriptor hash ").contains("but run.json records " + recorded)
        .endsWith("the resolved descriptor was changed after training, so retraining from it would prove nothing");
    assertThat(r.reproducedRun()).isNull();
  }

  @Test
  void a_run_on_the_users_arrow_files_is_checked_with_the_hash_and_data_set_its_training_computed() throws Exception {
    Path experiment = Files.createDirectories(dir.resolve("experiment"));
    SplittableRandom random = new SplittableRandom(2);
    float[] rows = new float[6000 * 8];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = random.nextDouble() < 0.2 ? (float) random.nextGaussian() : 0f;
    }
    try (ActivationWriter writer = ActivationWriter.create(Files.createDirectories(experiment.resolve("acts")), 8,
        WriterOptions.defaults(), Map.of())) {
      writer.write(rows, 6000);
      writer.finish();
    }
    Path file = experiment.resolve("mine.yaml");
    Files.writeString(file, """
        name: mine
        data:
          source: arrow
          path: acts
          evalTokens: 1000
        sae:
          features: 16
        training:
          batchSize: 100
          lr: 3.0e-3
        """);
    Engine engine = new Engine(DescriptorReader.read(file), dir.resolve("arrow-out"), 2, line -> { });
    engine.train();
    Path dataSet = engine.layout().dataRoot().resolve(
        JSON.readTree(engine.layout().runJson().toFile()).path("data").path("directory").asText()).normalize();

    Reproduction r = Reproducer.reproduce(engine.layout().runDirectory(), 1, log::add);

    // The resolved descriptor lives in the run directory, but its relative path 'acts' was resolved against
    // experiment/, so the hash and the data set's directory must be computed from there, as in training.
    assertThat(r.differences()).isEmpty();
    assertThat(log).anyMatch(l -> l.startsWith("descriptor hash matches run.json"))
        .anyMatch(l -> l.startsWith("data: " + dataSet + ", 6,000 rows"));
  }

  @Test
  void an_unfinished_training_is_invalid_input() throws Exception {
    Path run = copyOfRun("unfinished");
    ObjectNode json = (ObjectNode) JSON.readTree(run.resolve("run.json").toFile());
    json.put("status", "training");
    JSON.writeValue(run.resolve("run.json").toFile(), json);

    assertThatThrownBy(() -> Reproducer.reproduce(run, 1, log::add)).isInstanceOf(InvalidRunException.class)
        .hasMessageStartingWith(run.resolve("run.json") + ": the training did not finish (status 'training'");
  }

  @Test
  void a_directory_without_run_json_or_checkpoint_is_invalid_input_naming_the_path() throws Exception {
    Path noRecord = copyOfRun("no-run-json");
    Files.delete(noRecord.resolve("run.json"));
    Path noState = copyOfRun("no-state");
    Files.delete(checkpoint(noState, Checkpoint.STATE));

    assertThatThrownBy(() -> Reproducer.reproduce(noRecord, 1, log::add)).isInstanceOf(InvalidRunException.class)
        .hasMessageStartingWith(noRecord.resolve("run.json") + " does not exist");
    assertThatThrownBy(() -> Reproducer.reproduce(noState, 1, log::add)).isInstanceOf(InvalidRunException.class)
        .hasMessage("checkpoint file " + checkpoint(noState, Checkpoint.STATE) + " does not exist: the run has no"
            + " checkpoint to reproduce");
    assertThatThrownBy(() -> Reproducer.reproduce(dir.resolve("nowhere"), 1, log::add))
        .isInstanceOf(InvalidRunException.class).hasMessageStartingWith(dir.resolve("nowhere") + " is not a run");
  }

  private static Path checkpoint(Path run, String file) {
    return run.resolve("checkpoint").resolve(file);
  }

  /** A copy of the trained run beside it, so it shares the data root; the directory name need not be the name. */
  private static Path copyOfRun(String name) throws IOException {
    Path copy = output.resolve(name);
    try (Stream<Path> files = Files.walk(trained)) {
      for (Path p : files.toList()) {
        Path target = copy.resolve(trained.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return copy;
  }

  /** Rewrites a safetensors file with one element of one tensor replaced, everything else as it was. */
  private static void replaceElement(Path file, String tensor, int index, float value) throws IOException {
    SafetensorsFile f = Safetensors.read(file);
    List<Tensor> tensors = new ArrayList<>();
    for (Tensor t : f.tensors().values()) {
      float[] data = t.data().clone();
      if (t.name().equals(tensor)) {
        data[index] = value;
      }
      tensors.add(new Tensor(t.name(), t.shape(), data));
    }
    Safetensors.write(file, tensors, f.metadata());
  }

  private static String dataSetName() throws IOException {
    try (Stream<Path> sets = Files.list(output.resolve("data"))) {
      return sets.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("synthetic-")).findFirst()
          .orElseThrow();
    }
  }

  private static int indexOfFirst(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }
}
