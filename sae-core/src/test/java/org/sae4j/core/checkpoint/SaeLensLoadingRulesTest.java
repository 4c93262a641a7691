package org.sae4j.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sae4j.core.descriptor.Architecture;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.BackendOptions;
import org.sae4j.kernels.JvmBackendProvider;
import org.sae4j.kernels.LearnedThreshold;
import org.sae4j.kernels.OptimiserSettings;
import org.sae4j.kernels.RuleState;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.kernels.SparseCodes;

/**
 * The exported checkpoint against the rules SAELens applies when it loads one, read from the files with a plain
 * JSON parser and a hand-parsed safetensors header (not sae4j's readers):
 * <ul>
 *   <li>SAELens 6: {@code metadata.sae_lens_version} at least 6 (else it converts the file as a pre-6 one), a
 *       known {@code architecture}, the config fields it has no default for, {@code k} for topk;</li>
 *   <li>SAELens 5: every field of its config without a default, flat, with {@code activation_fn_kwargs.k} for
 *       topk;</li>
 *   <li>both: exactly the tensors {@code W_enc [d_in, d_sae]}, {@code b_enc [d_sae]}, {@code W_dec [d_sae, d_in]},
 *       {@code b_dec [d_in]}, dtype F32, no others;</li>
 * </ul>
 * and a reconstruction computed as SAELens computes it (x·W_enc + b_enc; ReLU, or top-k then ReLU; ·W_dec + b_dec,
 * no pre-encoder bias, no normalisation) equals sae4j's own forward pass on original-scale input.
 */
class SaeLensLoadingRulesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> V6_REQUIRED = List.of("architecture", "d_in", "d_sae", "dtype", "device",
      "apply_b_dec_to_input", "normalize_activations", "metadata");
  private static final List<String> V5_REQUIRED = List.of("architecture", "d_in", "d_sae", "activation_fn_str",
      "apply_b_dec_to_input", "finetuning_scaling_factor", "context_size", "model_name", "hook_name", "hook_layer",
      "hook_head_index", "prepend_bos", "dataset_path", "dataset_trust_remote_code", "normalize_activations",
      "dtype", "device", "sae_lens_training_version");
  private static final List<String> METADATA = List.of("sae_lens_version", "model_name", "hook_name",
      "context_size", "prepend_bos", "dataset_path", "exclude_special_tokens");
  private static final int N = 12;
  private static final int M = 40;
  private static final double SCALE = 1.7;
  /** A batchtopk threshold that cuts into the pre-activations of these weights. */
  private static final float THRESHOLD = 0.8f;

  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"relu-l1", "topk", "batchtopk", "jumprelu"})
  void loads_under_saelens_6_and_5_rules_and_reconstructs_like_saelens(String name) throws IOException {
    Architecture architecture = switch (name) {
      case "topk" -> new Architecture.TopK(5, new Architecture.AuxK(0, 0, 1));
      case "batchtopk" -> new Architecture.BatchTopK(5, 0.999, new Architecture.AuxK(0, 0, 1));
      case "jumprelu" -> new Architecture.JumpRelu(0.001, 0.001, 0.1, 0.05);
      default -> new Architecture.ReluL1();
    };
    RuleState rule = switch (name) {
      case "batchtopk" -> new RuleState(new int[0], THRESHOLD);
      case "jumprelu" -> RuleState.of(learnedThresholds());
      default -> RuleState.NONE;
    };
    SaeParameters scaled = SaeFixtures.random(new SplittableRandom(5), N, M);
    Path dir = tmp.resolve("ckpt");
    Checkpoint.write(dir, architecture, new TrainingState(scaled, AdamState.initial(N, M), SCALE, rule),
        Map.of("model", "all-minilm-l6-v2", "hook", "blocks.3.resid_post", "corpus", "sotu.txt.gz",
            "harvest.window", "128", "seed", 42L), new RunIdentity("hash", "fingerprint"));

    JsonNode cfg = JSON.readTree(dir.resolve(Checkpoint.CONFIG).toFile());
    for (String key : V6_REQUIRED) {
      assertThat(cfg.has(key)).as("SAELens 6 key " + key).isTrue();
    }
    JsonNode metadata = cfg.get("metadata");
    for (String key : METADATA) {
      assertThat(metadata.has(key)).as("metadata." + key).isTrue();
    }
    assertThat(Integer.parseInt(metadata.get("sae_lens_version").asText().split("\\.")[0])).isGreaterThanOrEqualTo(6);
    assertThat(metadata.get("hook_name").asText()).isEqualTo("blocks.3.hook_resid_post");
    assertThat(metadata.get("context_size").asInt()).isEqualTo(128);
    assertThat(cfg.get("sae4j").get("hook").asText()).isEqualTo("blocks.3.resid_post");
    assertThat(cfg.get("sae4j").get("architecture").asText()).isEqualTo(name);
    assertThat(cfg.get("sae4j").get("active").asText()).isEqualTo(architecture.activeMeans());
    for (String key : V5_REQUIRED) {
      assertThat(cfg.has(key)).as("SAELens 5 key " + key).isTrue();
    }
    assertThat(cfg.get("hook_name").asText()).isEqualTo("blocks.3.hook_resid_post");
    assertThat(cfg.get("hook_layer").asInt()).isEqualTo(3);
    assertThat(cfg.get("d_in").asInt()).isEqualTo(N);
    assertThat(cfg.get("d_sae").asInt()).isEqualTo(M);
    assertThat(cfg.get("apply_b_dec_to_input").asBoolean()).isFalse();
    assertThat(cfg.get("normalize_activations").asText()).isEqualTo("none");
    String expected = switch (name) {
      case "topk" -> "topk";
      case "batchtopk", "jumprelu" -> "jumprelu";
      default -> "standard";
    };
    assertThat(cfg.get("architecture").asText()).isEqualTo(expected);
    if (name.equals("topk")) {
      assertThat(cfg.get("k").asInt()).isEqualTo(5);
      assertThat(cfg.get("activation_fn_kwargs").get("k").asInt()).isEqualTo(5);
    }

    boolean jumpRelu = architecture.saeLensArchitecture().equals("jumprelu");
    Map<String, float[]> tensors = readStrict(dir.resolve(Checkpoint.WEIGHTS), jumpRelu);
    if (name.equals("jumprelu")) {
      // SAELens' threshold is θ itself, exp of the log θ sae4j trains.
      assertThat(tensors.get("threshold")).containsExactly(rule.learned().thresholds());
      assertThat(tensors.get("threshold")[3]).isEqualTo((float) Math.exp(rule.learned().logThreshold()[3]),
          org.assertj.core.api.Assertions.within(1e-6f));
    }
    SplittableRandom r = new SplittableRandom(9);
    int rows = 7;
    float[] x = SaeFixtures.gaussian(r, rows * N, 1);
    int k = name.equals("topk") ? 5 : 0;
    double[] theirs = saeLensReconstruction(tensors, x, rows, k);
    double[] ours = oursInOriginalScale(architecture, rule, scaled, x, rows);
    for (int e = 0; e < ours.length; e++) {
      assertThat(theirs[e]).as("x̂[" + e + "]").isCloseTo(ours[e], org.assertj.core.api.Assertions.within(
          1e-5 * (1 + Math.abs(ours[e]))));
    }
  }

  /** JumpReLU thresholds per feature, spread around the batchtopk one so that they cut into the pre-activations. */
  private static LearnedThreshold learnedThresholds() {
    SplittableRandom r = new SplittableRandom(11);
    float[] log = new float[M];
    for (int i = 0; i < M; i++) {
      log[i] = (float) Math.log(THRESHOLD * (0.25 + 1.5 * r.nextDouble()));
    }
    return new LearnedThreshold(log, new float[M], new float[M]);
  }

  /**
   * The safetensors file with SAELens' strictness: exactly the four tensors (five with JumpReLU's
   * {@code threshold [d_sae]}), their shapes, F32.
   */
  private static Map<String, float[]> readStrict(Path file, boolean jumpRelu) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = (int) buf.getLong(0);
    JsonNode header = JSON.readTree(new String(bytes, 8, headerLength, java.nio.charset.StandardCharsets.UTF_8));
    TreeSet<String> names = new TreeSet<>();
    header.fieldNames().forEachRemaining(names::add);
    names.remove("__metadata__");
    if (jumpRelu) {
      assertThat(names).containsExactly("W_dec", "W_enc", "b_dec", "b_enc", "threshold");
    } else {
      assertThat(names).containsExactly("W_dec", "W_enc", "b_dec", "b_enc");
    }
    Map<String, long[]> shapes = Map.of("W_enc", new long[] {N, M}, "b_enc", new long[] {M}, "W_dec",
        new long[] {M, N}, "b_dec", new long[] {N}, "threshold", new long[] {M});
    Map<String, float[]> out = new java.util.HashMap<>();
    for (String t : names) {
      JsonNode info = header.get(t);
      assertThat(info.get("dtype").asText()).as(t).isEqualTo("F32");
      List<Long> shape = new ArrayList<>();
      for (Iterator<JsonNode> it = info.get("shape").elements(); it.hasNext(); ) {
        shape.add(it.next().asLong());
      }
      assertThat(shape).as(t).containsExactly(java.util.Arrays.stream(shapes.get(t)).boxed().toArray(Long[]::new));
      long begin = info.get("data_offsets").get(0).asLong();
      long end = info.get("data_offsets").get(1).asLong();
      float[] data = new float[(int) ((end - begin) / 4)];
      buf.position((int) (8 + headerLength + begin));
      buf.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
      out.put(t, data);
    }
    return out;
  }

  /**
   * SAELens' forward pass in float64: k = 0 for the standard (ReLU) SAE; with a {@code threshold} tensor, JumpReLU
   * (ReLU times [a &gt; θ_i]).
   */
  private static double[] saeLensReconstruction(Map<String, float[]> t, float[] x, int rows, int k) {
    float[] wEnc = t.get("W_enc");
    float[] bEnc = t.get("b_enc");
    float[] wDec = t.get("W_dec");
    float[] bDec = t.get("b_dec");
    double[] out = new double[rows * N];
    for (int row = 0; row < rows; row++) {
      double[] pre = new double[M];
      for (int i = 0; i < M; i++) {
        pre[i] = bEnc[i];
        for (int j = 0; j < N; j++) {
          pre[i] += x[row * N + j] * wEnc[j * M + i];
        }
      }
      double[] f = new double[M];
      float[] threshold = t.get("threshold");
      if (k == 0) {
        for (int i = 0; i < M; i++) {
          f[i] = Math.max(0, pre[i]) * (threshold == null || pre[i] > threshold[i] ? 1 : 0);
        }
      } else {
        Integer[] order = new Integer[M];
        java.util.Arrays.setAll(order, i -> i);
        java.util.Arrays.sort(order, (a, b) -> Double.compare(pre[b], pre[a]));
        for (int q = 0; q < k; q++) {
          f[order[q]] = Math.max(0, pre[order[q]]);
        }
      }
      for (int j = 0; j < N; j++) {
        double s = bDec[j];
        for (int i = 0; i < M; i++) {
          s += f[i] * wDec[i * N + j];
        }
        out[row * N + j] = s;
      }
    }
    return out;
  }

  /** sae4j's own forward pass on s·x, divided back by s. */
  private static double[] oursInOriginalScale(Architecture architecture, RuleState rule, SaeParameters scaled,
                                              float[] x, int rows) {
    float[] sx = new float[x.length];
    for (int e = 0; e < x.length; e++) {
      sx[e] = (float) (SCALE * x[e]);
    }
    float[] recon = new float[x.length];
    try (Backend b = new JvmBackendProvider().create(scaled, AdamState.initial(N, M), rule,
        new BackendOptions(1, OptimiserSettings.PAPER, rows, architecture.rule(N, rows, 0)))) {
      b.forward(sx, rows, recon, new SparseCodes());
    }
    double[] out = new double[recon.length];
    for (int e = 0; e < recon.length; e++) {
      out[e] = recon[e] / SCALE;
    }
    return out;
  }
}
