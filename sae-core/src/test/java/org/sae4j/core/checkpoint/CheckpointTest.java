package org.sae4j.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.core.descriptor.Architecture;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.store.AtomicFiles;
import org.sae4j.store.DiskSpace;

class CheckpointTest {
  private static final int N = 6;
  private static final int M = 14;
  private static final double SCALE = 0.37251;

  @TempDir
  Path dir;

  private final SplittableRandom rnd = new SplittableRandom(41);
  private final SaeParameters scaled = SaeFixtures.random(rnd, N, M);
  private final AdamState adam = new AdamState(1234, SaeFixtures.random(rnd, N, M), SaeFixtures.random(rnd, N, M));
  private static final RunIdentity IDENTITY = new RunIdentity("d".repeat(64), "f".repeat(64));

  private CheckpointManifest write(Path to, SaeParameters parameters) throws IOException {
    return Checkpoint.write(to, new Architecture.ReluL1(), new TrainingState(parameters, adam, SCALE), info(), IDENTITY);
  }

  /** After editing a file on purpose: a manifest that matches the edit, so the readers' own checks are reached. */
  private void rewriteManifest() throws IOException {
    CheckpointManifest.describe(dir, List.of(Checkpoint.WEIGHTS, Checkpoint.CONFIG, Checkpoint.STATE), 1234, IDENTITY)
        .write(dir);
  }

  private static Map<String, Object> info() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("model", "all-minilm-l6-v2");
    info.put("hook", "blocks.3.resid_post");
    info.put("corpus", "corpus/sotu.txt.gz");
    info.put("seed", 42L);
    info.put("descriptorHash", "abc123");
    return info;
  }

  @Test
  void training_state_round_trips_bit_exactly() throws IOException {
    write(dir, scaled);
    TrainingState state = Checkpoint.readTrainingState(dir);

    assertThat(state.parameters()).isEqualTo(scaled);
    assertThat(state.adam().step()).isEqualTo(1234);
    assertThat(state.adam().firstMoment()).isEqualTo(adam.firstMoment());
    assertThat(state.adam().secondMoment()).isEqualTo(adam.secondMoment());
    assertThat(Double.doubleToRawLongBits(state.inputScale())).isEqualTo(Double.doubleToRawLongBits(SCALE));
  }

  @Test
  void exported_weights_fold_in_the_input_scale() throws IOException {
    write(dir, scaled);
    SaeParameters exported = Checkpoint.readExported(dir);

    for (int trial = 0; trial < 25; trial++) {
      double[] x = rnd.doubles(N, -3, 3).toArray();
      double[] sx = new double[N];
      for (int j = 0; j < N; j++) {
        sx[j] = SCALE * x[j];
      }
      double[] viaScaled = SaeFixtures.reconstruct(scaled, sx);
      double[] viaExport = SaeFixtures.reconstruct(exported, x);
      for (int j = 0; j < N; j++) {
        viaExport[j] *= SCALE;
      }
      assertThat(SaeFixtures.relativeError(viaExport, viaScaled)).isLessThan(1e-5);
    }
  }

  @Test
  void weights_use_saelens_names_and_shapes() throws IOException {
    write(dir, scaled);
    SafetensorsFile f = Safetensors.read(dir.resolve(Checkpoint.WEIGHTS));

    assertThat(f.tensors().keySet()).containsExactly("W_enc", "b_enc", "W_dec", "b_dec");
    float[] wEnc = f.require("W_enc", N, M).data();
    assertThat(wEnc[2 * M + 5]).isEqualTo((float) (SCALE * scaled.encoderWeight()[5 * N + 2]));
    assertThat(f.require("b_enc", M).data()).containsExactly(scaled.encoderBias());
    assertThat(f.require("W_dec", M, N).data()[5 * N + 2]).isEqualTo((float) (scaled.decoderWeight()[5 * N + 2] / SCALE));
    assertThat(f.require("b_dec", N).data()[3]).isEqualTo((float) (scaled.decoderBias()[3] / SCALE));
  }

  @Test
  void cfg_json_has_the_saelens_keys_and_sae4j_provenance() throws IOException {
    write(dir, scaled);
    JsonNode cfg = new ObjectMapper().readTree(dir.resolve(Checkpoint.CONFIG).toFile());

    assertThat(cfg.get("d_in").asInt()).isEqualTo(N);
    assertThat(cfg.get("d_sae").asInt()).isEqualTo(M);
    assertThat(cfg.get("architecture").asText()).isEqualTo("standard");
    assertThat(cfg.get("dtype").asText()).isEqualTo("float32");
    assertThat(cfg.get("device").asText()).isEqualTo("cpu");
    assertThat(cfg.get("apply_b_dec_to_input").asBoolean(true)).isFalse();
    assertThat(cfg.get("normalize_activations").asText()).isEqualTo("none");
    assertThat(cfg.get("model_name").asText()).isEqualTo("all-minilm-l6-v2");
    assertThat(cfg.get("hook_name").asText()).isEqualTo("blocks.3.hook_resid_post");
    assertThat(cfg.get("metadata").get("hook_name").asText()).isEqualTo("blocks.3.hook_resid_post");
    assertThat(cfg.get("sae4j").get("hook").asText()).isEqualTo("blocks.3.resid_post");
    assertThat(cfg.get("hook_layer").asInt()).isEqualTo(3);
    assertThat(cfg.get("dataset_path").asText()).isEqualTo("corpus/sotu.txt.gz");
    JsonNode sae4j = cfg.get("sae4j");
    assertThat(sae4j.get("inputScale").asDouble()).isEqualTo(SCALE);
    assertThat(sae4j.get("step").asLong()).isEqualTo(1234);
    assertThat(sae4j.get("seed").asLong()).isEqualTo(42);
    assertThat(sae4j.get("descriptorHash").asText()).isEqualTo("abc123");
  }

  @Test
  void returns_the_weights_sha256_which_is_the_same_for_the_same_parameters() throws IOException {
    String first = write(dir.resolve("a"), scaled).sha256(Checkpoint.WEIGHTS);
    String second = write(dir.resolve("b"), scaled.copy()).sha256(Checkpoint.WEIGHTS);
    SaeParameters changed = scaled.copy();
    changed.encoderBias()[0] = Math.nextUp(changed.encoderBias()[0]); // b_enc is exported unscaled
    String third = write(dir.resolve("c"), changed).sha256(Checkpoint.WEIGHTS);

    assertThat(first).matches("[0-9a-f]{64}").isEqualTo(AtomicFiles.sha256(dir.resolve("a").resolve(Checkpoint.WEIGHTS)));
    assertThat(second).isEqualTo(first);
    assertThat(third).isNotEqualTo(first);
    // the whole set, training_state.safetensors included, is byte-identical for the same state
    assertThat(Files.readAllBytes(dir.resolve("b").resolve(CheckpointManifest.FILE)))
        .isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(CheckpointManifest.FILE)));
  }

  @Test
  void leaves_exactly_the_three_files_and_the_manifest_and_nothing_beside_the_directory() throws IOException {
    Path checkpoint = dir.resolve("checkpoint");
    write(checkpoint, scaled);
    write(checkpoint, scaled); // replacing is fine too
    try (var files = Files.list(checkpoint)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(Checkpoint.WEIGHTS,
          Checkpoint.CONFIG, Checkpoint.STATE, CheckpointManifest.FILE);
    }
    try (var siblings = Files.list(dir)) {
      assertThat(siblings).containsExactly(checkpoint); // no temporary or replaced directory left
    }
    // the umask, not a temporary directory's 0700, decides who may read the published checkpoint
    assertThat(Files.getPosixFilePermissions(checkpoint))
        .isEqualTo(Files.getPosixFilePermissions(Files.createDirectory(dir.resolve("plain"))));
    Files.delete(dir.resolve("plain"));
    CheckpointManifest manifest = CheckpointManifest.verify(checkpoint);
    assertThat(manifest.step()).isEqualTo(1234);
    assertThat(manifest.identity()).isEqualTo(IDENTITY);
    assertThat(manifest.files().keySet()).containsExactly(Checkpoint.CONFIG, Checkpoint.WEIGHTS, Checkpoint.STATE);
  }

  @Test
  void reading_a_checkpoint_without_its_manifest_says_it_is_incomplete() throws IOException {
    write(dir, scaled);
    Files.delete(dir.resolve(CheckpointManifest.FILE));
    assertThatThrownBy(() -> Checkpoint.readTrainingState(dir)).isInstanceOf(IOException.class)
        .hasMessageContaining(dir.resolve(CheckpointManifest.FILE).toString()).hasMessageContaining("incomplete");
  }

  @Test
  void reading_names_the_file_that_differs_from_the_manifest() throws IOException {
    // the failure of the issue: a new sae_weights.safetensors beside an old training_state.safetensors
    Path old = dir.resolve("old");
    Path now = dir.resolve("now");
    write(old, scaled);
    SaeParameters changed = scaled.copy();
    changed.decoderBias()[2] += 1;
    write(now, changed);
    Files.copy(old.resolve(Checkpoint.STATE), now.resolve(Checkpoint.STATE), StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> Checkpoint.readTrainingState(now)).isInstanceOf(IOException.class)
        .hasMessageContaining(now.resolve(Checkpoint.STATE).toString()).hasMessageContaining("SHA-256");

    write(now, changed);
    Path weights = now.resolve(Checkpoint.WEIGHTS);
    Files.write(weights, Arrays.copyOf(Files.readAllBytes(weights), (int) Files.size(weights) - 4));
    assertThatThrownBy(() -> Checkpoint.readExported(now)).isInstanceOf(IOException.class)
        .hasMessageContaining(weights.toString()).hasMessageContaining("bytes");

    write(now, changed);
    Files.delete(now.resolve(Checkpoint.CONFIG));
    assertThatThrownBy(() -> Checkpoint.readExported(now)).isInstanceOf(IOException.class)
        .hasMessageContaining(now.resolve(Checkpoint.CONFIG).toString()).hasMessageContaining("missing");
  }

  @Test
  void a_set_that_does_not_fit_the_disk_fails_before_anything_is_written() throws IOException {
    Path checkpoint = dir.resolve("checkpoint");
    write(checkpoint, scaled);
    byte[] before = Files.readAllBytes(checkpoint.resolve(CheckpointManifest.FILE));
    Map<String, CheckpointDirectory.Part> parts = Map.of(Checkpoint.STATE,
        file -> TrainingStateFile.write(file, new TrainingState(scaled, adam, SCALE)));
    assertThatThrownBy(() -> CheckpointDirectory.publish(checkpoint, Long.MAX_VALUE, 1, IDENTITY, parts))
        .isInstanceOf(DiskSpace.InsufficientSpaceException.class)
        .hasMessageContaining("not enough disk space for the checkpoint in " + dir.toAbsolutePath());
    assertThat(Files.readAllBytes(checkpoint.resolve(CheckpointManifest.FILE))).isEqualTo(before);
    try (var siblings = Files.list(dir)) {
      assertThat(siblings).containsExactly(checkpoint);
    }
  }

  @Test
  void an_interrupted_write_is_invisible_and_cleared_by_the_next_one() throws IOException {
    Path checkpoint = dir.resolve("checkpoint");
    write(checkpoint, scaled);
    // what a writer killed half-way leaves: a hidden directory with some files and no manifest
    Path partial = Files.createDirectory(dir.resolve(".checkpoint.partial-123"));
    Files.writeString(partial.resolve(Checkpoint.WEIGHTS), "half");
    assertThat(Checkpoint.readTrainingState(checkpoint).parameters()).isEqualTo(scaled);

    SaeParameters changed = scaled.copy();
    changed.encoderBias()[1] += 1;
    write(checkpoint, changed);
    assertThat(partial).doesNotExist();
    assertThat(Checkpoint.readTrainingState(checkpoint).parameters()).isEqualTo(changed);
  }

  @Test
  void rejects_a_training_state_with_a_missing_adam_tensor() throws IOException {
    write(dir, scaled);
    Path state = dir.resolve(Checkpoint.STATE);
    SafetensorsFile f = Safetensors.read(state);
    List<Tensor> kept = f.tensors().values().stream().filter(t -> !t.name().equals("adam_v.decoder_bias")).toList();
    Safetensors.write(state, kept, f.metadata());
    rewriteManifest();

    assertThatThrownBy(() -> Checkpoint.readTrainingState(dir)).isInstanceOf(IOException.class)
        .hasMessageContaining(state.toString()).hasMessageContaining("missing tensor 'adam_v.decoder_bias'");
  }

  @Test
  void rejects_exported_weights_that_disagree_with_cfg_json() throws IOException {
    write(dir, scaled);
    Path cfg = dir.resolve(Checkpoint.CONFIG);
    Files.writeString(cfg, Files.readString(cfg).replace("\"d_sae\" : " + M, "\"d_sae\" : " + (M + 1)));
    rewriteManifest();

    assertThatThrownBy(() -> Checkpoint.readExported(dir)).isInstanceOf(IOException.class)
        .hasMessageContaining(cfg.toString()).hasMessageContaining("d_sae");
  }
}
