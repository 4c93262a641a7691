package org.sae4j.core.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sae4j.core.descriptor.Architecture;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.store.AtomicFiles;

/**
 * An SAE checkpoint directory (docs/file-formats.md), readable by SAELens:
 * <ul>
 *   <li>{@value #WEIGHTS}: {@code W_enc [n, m]}, {@code b_enc [m]}, {@code W_dec [m, n]}, {@code b_dec [n]},
 *       with the input scale s folded in so the SAE works on original-scale activations:
 *       W_enc = (s·W_e)ᵀ, b_enc = b_e, W_dec = W_dᵀ / s, b_dec = b_d / s;</li>
 *   <li>{@value #CONFIG}: see {@link SaeLensConfig};</li>
 *   <li>{@value #STATE}: the exact training state ({@link TrainingStateFile});</li>
 *   <li>{@value CheckpointManifest#FILE}: each file's size and SHA-256, the step and the run's identity, written
 *       last ({@link CheckpointManifest}).</li>
 * </ul>
 * The directory is published as one set ({@link CheckpointDirectory}), and reading verifies every file against the
 * manifest first. Content depends only on the arguments (no timestamps), so the same parameters always give the same
 * bytes.
 */
public final class Checkpoint {
  /** The exported weights file. */
  public static final String WEIGHTS = "sae_weights.safetensors";
  /** The SAELens configuration file. */
  public static final String CONFIG = "cfg.json";
  /** The training state file. */
  public static final String STATE = "training_state.safetensors";

  private Checkpoint() {
  }

  /**
   * Writes and publishes the directory {@code dir} (replacing a previous one as a whole).
   *
   * @param architecture the SAE's architecture, for cfg.json
   * @param state the parameters as trained on s·x, Adam's state and s; not modified
   * @param info model/hook/dataset details and provenance for cfg.json (see {@link SaeLensConfig})
   * @param identity the descriptor hash and data fingerprint, for the manifest
   * @return the manifest, with each file's SHA-256 ({@code manifest.sha256(WEIGHTS)} is the dictionary's)
   * @throws IOException when the disk lacks the space or a file cannot be written; {@code dir} is then unchanged
   */
  public static CheckpointManifest write(Path dir, Architecture architecture, TrainingState state,
                                         Map<String, Object> info, RunIdentity identity) throws IOException {
    SaeParameters scaled = state.parameters();
    double inputScale = state.inputScale();
    long step = state.adam().step();
    Map<String, CheckpointDirectory.Part> parts = new LinkedHashMap<>();
    List<Tensor> exported = exportedTensors(scaled, inputScale, architecture, state);
    parts.put(WEIGHTS, file -> Safetensors.write(file, exported, Map.of("format", "pt")));
    parts.put(CONFIG, file -> AtomicFiles.writeString(file, SaeLensConfig.JSON.writeValueAsString(
        SaeLensConfig.of(architecture, scaled.inputDim(), scaled.features(), inputScale, step, info)) + "\n"));
    parts.put(STATE, file -> TrainingStateFile.write(file, state));
    long bytes = TrainingStateFile.bytes(scaled) * 4 / 3 + (1 << 16);
    return CheckpointDirectory.publish(dir, bytes, step, identity, parts);
  }

  /**
   * The four SAELens tensors, and for an architecture exported as JumpReLU a fifth, {@code threshold [m]} (batchtopk's
   * global estimate for every feature, jumprelu's learned θ = exp(log θ)): the pre-activations a = s·W_e x + b_e do
   * not change when s is folded in, so the threshold is not rescaled.
   */
  private static List<Tensor> exportedTensors(SaeParameters p, double s, Architecture architecture,
                                              TrainingState state) {
    List<Tensor> out = new ArrayList<>(exportedTensors(p, s));
    if (architecture.exportsThreshold()) {
      float[] threshold = state.rule().inferenceThresholds(p.features());
      if (threshold == null) {
        throw new IllegalArgumentException(architecture.name() + " is exported with a threshold, but the training "
            + "state has none (no step was taken)");
      }
      out.add(Tensor.of("threshold", threshold, p.features()));
    }
    return out;
  }

  private static List<Tensor> exportedTensors(SaeParameters p, double s) {
    int n = p.inputDim();
    int m = p.features();
    float[] we = p.encoderWeight();
    float[] wEnc = new float[n * m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        wEnc[j * m + i] = (float) (s * we[i * n + j]);
      }
    }
    return List.of(Tensor.of("W_enc", wEnc, n, m), Tensor.of("b_enc", p.encoderBias().clone(), m),
        Tensor.of("W_dec", divide(p.decoderWeight(), s), m, n), Tensor.of("b_dec", divide(p.decoderBias(), s), n));
  }

  private static float[] divide(float[] a, double s) {
    float[] out = new float[a.length];
    for (int k = 0; k < a.length; k++) {
      out[k] = (float) (a[k] / s);
    }
    return out;
  }

  /**
   * Verifies {@code dir} against its manifest and reads {@value #STATE}: the exact parameters, Adam state and input
   * scale.
   *
   * @throws IOException naming the manifest when it is missing, the file that differs from it, or the tensor or key
   *     that is missing or malformed
   */
  public static TrainingState readTrainingState(Path dir) throws IOException {
    CheckpointManifest.verify(dir);
    return TrainingStateFile.read(dir.resolve(STATE));
  }

  /**
   * Verifies {@code dir} against its manifest and reads {@value #WEIGHTS} as original-scale parameters in sae4j's
   * layouts (encoderWeight m×n, decoderWeight m×n as W_dec). When {@value #CONFIG} is present its d_in and d_sae must
   * match the tensors.
   *
   * @throws IOException naming the manifest when it is missing, the file that differs from it, or the tensor or key
   *     that is missing or inconsistent
   */
  public static SaeParameters readExported(Path dir) throws IOException {
    CheckpointManifest.verify(dir);
    SafetensorsFile f = open(dir.resolve(WEIGHTS));
    long[] shape = f.tensor("W_enc").shape();
    if (shape.length != 2 || shape[0] <= 0 || shape[1] <= 0) {
      throw new IOException(f.file() + ": tensor 'W_enc' must be a non-empty matrix [d_in, d_sae], got "
          + Arrays.toString(shape));
    }
    int n = (int) shape[0];
    int m = (int) shape[1];
    checkConfig(dir.resolve(CONFIG), n, m);
    float[] wEnc = f.require("W_enc", n, m).data();
    float[] encoder = new float[n * m];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < m; i++) {
        encoder[i * n + j] = wEnc[j * m + i];
      }
    }
    return new SaeParameters(n, m, encoder, f.require("b_enc", m).data(), f.require("W_dec", m, n).data(),
        f.require("b_dec", n).data());
  }

  private static void checkConfig(Path cfgFile, int n, int m) throws IOException {
    if (!Files.exists(cfgFile)) {
      return;
    }
    JsonNode cfg = SaeLensConfig.JSON.readTree(cfgFile.toFile());
    for (var e : Map.of("d_in", n, "d_sae", m).entrySet()) {
      JsonNode v = cfg == null ? null : cfg.get(e.getKey());
      if (v == null || !v.isInt() || v.asInt() != e.getValue()) {
        throw new IOException(cfgFile + ": " + e.getKey() + " is " + v + ", but " + WEIGHTS + " has "
            + e.getValue());
      }
    }
  }

  private static SafetensorsFile open(Path file) throws IOException {
    try {
      return Safetensors.read(file);
    } catch (NoSuchFileException e) {
      throw new IOException("checkpoint file " + file + " does not exist", e);
    }
  }
}
