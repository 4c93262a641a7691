package org.sae4j.core.checkpoint;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.LearnedThreshold;
import org.sae4j.kernels.RuleState;
import org.sae4j.kernels.SaeParameters;

/**
 * The {@code training_state.safetensors} file: the scaled-space parameters exactly as trained and Adam's moments
 * (tensors {@code encoder_weight [m, n]}, {@code encoder_bias}, {@code decoder_weight [m, n]}, {@code decoder_bias},
 * each also prefixed {@code adam_m.} and {@code adam_v.}), under the topk and batchtopk architectures also
 * {@code steps_since_fired [m]} (whole numbers as float32, exact below 2^24), under batchtopk the running
 * {@code threshold [1]}, under jumprelu the learned {@code log_threshold [m]} (log θ) with {@code adam_m.log_threshold}
 * and {@code adam_v.log_threshold}, with {@code step} and {@code inputScale} in the metadata:
 * everything a resumed run needs from the optimiser, bit for bit.
 */
public final class TrainingStateFile {
  private static final String FORMAT = "sae4j-training-state-1";
  private static final String[] PARTS = {"encoder_weight", "encoder_bias", "decoder_weight", "decoder_bias"};
  private static final String STEPS_SINCE_FIRED = "steps_since_fired";
  private static final String THRESHOLD = "threshold";
  private static final String LOG_THRESHOLD = "log_threshold";

  private TrainingStateFile() {
  }

  /** The file's size for a state of this shape: three parameter sets of float32 plus a header. */
  public static long bytes(SaeParameters p) {
    long floats = 2L * p.inputDim() * p.features() + p.features() + p.inputDim();
    return 3 * 4 * floats + 4096;
  }

  /** Writes {@code state} to {@code file} atomically. */
  public static void write(Path file, TrainingState state) throws IOException {
    Safetensors.write(file, tensors(state), Map.of("format", FORMAT, "step", Long.toString(state.adam().step()),
        "inputScale", Double.toString(state.inputScale())));
  }

  private static List<Tensor> tensors(TrainingState state) {
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
    int[] counts = state.rule().stepsSinceFired();
    if (counts.length > 0) {
      float[] asFloat = new float[m];
      for (int i = 0; i < m; i++) {
        asFloat[i] = counts[i];
      }
      out.add(Tensor.of(STEPS_SINCE_FIRED, asFloat, m));
    }
    if (state.rule().hasThreshold()) {
      out.add(Tensor.of(THRESHOLD, new float[] {state.rule().threshold()}, 1));
    }
    LearnedThreshold learned = state.rule().learned();
    if (learned.size() > 0) {
      float[][] parts = {learned.logThreshold(), learned.firstMoment(), learned.secondMoment()};
      for (int k = 0; k < parts.length; k++) {
        out.add(Tensor.of(prefixes[k] + LOG_THRESHOLD, parts[k], m));
      }
    }
    return out;
  }

  /**
   * Reads a state back: the exact parameters, Adam state and input scale.
   *
   * @throws IOException naming the file and the tensor or key that is missing or malformed
   */
  public static TrainingState read(Path file) throws IOException {
    SafetensorsFile f;
    try {
      f = Safetensors.read(file);
    } catch (NoSuchFileException e) {
      throw new IOException("checkpoint file " + file + " does not exist", e);
    }
    String format = f.requireMetadata("format");
    if (!format.equals(FORMAT)) {
      throw new IOException(f.file() + ": __metadata__ format is '" + format + "', expected '" + FORMAT + "'");
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
      float threshold = f.tensors().containsKey(THRESHOLD) ? f.require(THRESHOLD, 1).data()[0] : Float.NaN;
      return new TrainingState(parameters(f, "", n, m), adam, scale, new RuleState(stepsSinceFired(f, m),
          threshold, learned(f, m)));
    } catch (IllegalArgumentException e) {
      throw new IOException(f.file() + ": " + e.getMessage(), e);
    }
  }

  private static LearnedThreshold learned(SafetensorsFile f, int m) throws IOException {
    if (!f.tensors().containsKey(LOG_THRESHOLD)) {
      return LearnedThreshold.NONE;
    }
    return new LearnedThreshold(f.require(LOG_THRESHOLD, m).data(), f.require("adam_m." + LOG_THRESHOLD, m).data(),
        f.require("adam_v." + LOG_THRESHOLD, m).data());
  }

  private static int[] stepsSinceFired(SafetensorsFile f, int m) throws IOException {
    if (!f.tensors().containsKey(STEPS_SINCE_FIRED)) {
      return new int[0];
    }
    float[] values = f.require(STEPS_SINCE_FIRED, m).data();
    int[] counts = new int[m];
    for (int i = 0; i < m; i++) {
      counts[i] = (int) values[i];
      if (counts[i] != values[i] || counts[i] < 0) {
        throw new IOException(f.file() + ": tensor '" + STEPS_SINCE_FIRED + "' holds " + values[i] + " at " + i
            + ", expected a whole number >= 0");
      }
    }
    return counts;
  }

  private static SaeParameters parameters(SafetensorsFile f, String prefix, int n, int m) throws IOException {
    return new SaeParameters(n, m, f.require(prefix + PARTS[0], m, n).data(), f.require(prefix + PARTS[1], m).data(),
        f.require(prefix + PARTS[2], m, n).data(), f.require(prefix + PARTS[3], n).data());
  }
}
