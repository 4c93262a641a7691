package org.sae4j.core.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.store.AtomicFiles;

/**
 * An SAE checkpoint directory (SPEC §6), readable by SAELens:
 * <ul>
 *   <li>{@value #WEIGHTS}: {@code W_enc [n, m]}, {@code b_enc [m]}, {@code W_dec [m, n]}, {@code b_dec [n]},
 *       with the input scale s folded in so the SAE works on original-scale activations:
 *       W_enc = (s·W_e)ᵀ, b_enc = b_e, W_dec = W_dᵀ / s, b_dec = b_d / s;</li>
 *   <li>{@value #CONFIG}: see {@link SaeLensConfig};</li>
 *   <li>{@value #STATE}: the scaled-space parameters exactly as trained and Adam's moments (tensors
 *       {@code encoder_weight [m, n]}, {@code encoder_bias}, {@code decoder_weight [m, n]},
 *       {@code decoder_bias}, each also prefixed {@code adam_m.} and {@code adam_v.}), with {@code step} and
 *       {@code inputScale} in the metadata, for bit-identical resumption.</li>
 * </ul>
 * Each file is written atomically. Content depends only on the arguments (no timestamps), so the same
 * parameters always give the same SHA-256.
 */
public final class Checkpoint {
  /** The exported weights file. */
  public static final String WEIGHTS = "sae_weights.safetensors";
  /** The SAELens configuration file. */
  public static final String CONFIG = "cfg.json";
  /** The training state file. */
  public static final String STATE = "training_state.safetensors";
  private static final String STATE_FORMAT = "sae4j-training-state-1";
  private static final String[] PARTS = {"encoder_weight", "encoder_bias", "decoder_weight", "decoder_bias"};

  private Checkpoint() {
  }

  /**
   * Writes the three files into {@code dir} (created if missing).
   *
   * @param scaled the parameters as trained on s·x; not modified
   * @param inputScale s, positive
   * @param adam Adam's state for {@code scaled}
   * @param info model/hook/dataset details and provenance for cfg.json (see {@link SaeLensConfig})
   * @return the SHA-256 of {@value #WEIGHTS}, 64 lowercase hex digits
   */
  public static String write(Path dir, SaeParameters scaled, double inputScale, AdamState adam,
                             Map<String, Object> info) throws IOException {
    TrainingState state = new TrainingState(scaled, adam, inputScale);
    Files.createDirectories(dir);
    int n = scaled.inputDim();
    int m = scaled.features();
    Path weights = dir.resolve(WEIGHTS);
    Safetensors.write(weights, exportedTensors(scaled, inputScale), Map.of("format", "pt"));
    AtomicFiles.writeString(dir.resolve(CONFIG), SaeLensConfig.JSON.writeValueAsString(
        SaeLensConfig.of(n, m, inputScale, adam.step(), info)) + "\n");
    Safetensors.write(dir.resolve(STATE), stateTensors(state), Map.of(
        "format", STATE_FORMAT, "step", Long.toString(adam.step()), "inputScale", Double.toString(inputScale)));
    return AtomicFiles.sha256(weights);
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

  private static List<Tensor> stateTensors(TrainingState state) {
    SaeParameters[] sets = {state.parameters(), state.adam().firstMoment(), state.adam().secondMoment()};
    String[] prefixes = {"", "adam_m.", "adam_v."};
    int n = state.parameters().inputDim();
    int m = state.parameters().features();
    List<Tensor> out = new ArrayList<>();
    for (int k = 0; k < sets.length; k++) {
      SaeParameters p = sets[k];
      out.add(Tensor.of(prefixes[k] + PARTS[0], p.encoderWeight(), m, n));
      out.add(Tensor.of(prefixes[k] + PARTS[1], p.encoderBias(), m));
      out.add(Tensor.of(prefixes[k] + PARTS[2], p.decoderWeight(), m, n));
      out.add(Tensor.of(prefixes[k] + PARTS[3], p.decoderBias(), n));
    }
    return out;
  }

  /**
   * Reads {@value #STATE} back: the exact parameters, Adam state and input scale.
   *
   * @throws IOException naming the file and the tensor or key that is missing or malformed
   */
  public static TrainingState readTrainingState(Path dir) throws IOException {
    SafetensorsFile f = open(dir.resolve(STATE));
    String format = f.requireMetadata("format");
    if (!format.equals(STATE_FORMAT)) {
      throw new IOException(f.file() + ": __metadata__ format is '" + format + "', expected '" + STATE_FORMAT + "'");
    }
    long[] we = f.tensor(PARTS[0]).shape();
    if (we.length != 2 || we[0] <= 0 || we[1] <= 0) {
      throw new IOException(f.file() + ": tensor '" + PARTS[0] + "' must be a non-empty matrix [m, n], got "
          + Arrays.toString(we));
    }
    int m = (int) we[0];
    int n = (int) we[1];
    long step;
    double scale;
    try {
      step = Long.parseLong(f.requireMetadata("step"));
      scale = Double.parseDouble(f.requireMetadata("inputScale"));
    } catch (NumberFormatException e) {
      throw new IOException(f.file() + ": __metadata__ step/inputScale is not a number: " + e.getMessage(), e);
    }
    try {
      AdamState adam = new AdamState(step, parameters(f, "adam_m.", n, m), parameters(f, "adam_v.", n, m));
      return new TrainingState(parameters(f, "", n, m), adam, scale);
    } catch (IllegalArgumentException e) {
      throw new IOException(f.file() + ": " + e.getMessage(), e);
    }
  }

  private static SaeParameters parameters(SafetensorsFile f, String prefix, int n, int m) throws IOException {
    return new SaeParameters(n, m, f.require(prefix + PARTS[0], m, n).data(), f.require(prefix + PARTS[1], m).data(),
        f.require(prefix + PARTS[2], m, n).data(), f.require(prefix + PARTS[3], n).data());
  }

  /**
   * Reads {@value #WEIGHTS} as original-scale parameters in sae4j's layouts (encoderWeight m×n, decoderWeight
   * m×n as W_dec). When {@value #CONFIG} is present its d_in and d_sae must match the tensors.
   *
   * @throws IOException naming the file and the tensor or key that is missing or inconsistent
   */
  public static SaeParameters readExported(Path dir) throws IOException {
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
