package org.sae4j.core.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the {@code cfg.json} that SAELens reads next to {@code sae_weights.safetensors}.
 *
 * <p>It is written in SAELens' flat (pre-6.0) layout, without {@code sae_lens_version}: older SAELens
 * releases read it as is, and 6.x converts it, moving the model/hook/dataset keys into its metadata. The
 * input scale is folded into the weights, so {@code normalize_activations} is {@code "none"}; sae4j has no
 * pre-encoder bias, so {@code apply_b_dec_to_input} is {@code false}.
 *
 * <p>Entries of the caller's {@code info} map go to SAELens keys when they name one:
 * {@code model_name} (or {@code model}), {@code hook_name} (or {@code hook}), {@code hook_layer},
 * {@code hook_head_index}, {@code dataset_path} (or {@code corpus}), {@code context_size},
 * {@code prepend_bos}, {@code model_class_name}. {@code hook_layer} is derived from a hook name of the form
 * {@code blocks.N.…} when not given. Every other entry (seed, descriptorHash, …) goes to the {@code sae4j}
 * object, together with {@code inputScale} and {@code step}. Keys SAELens would read as null are omitted,
 * not written as null, because some SAELens versions test them with string operations.
 */
public final class SaeLensConfig {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private static final Map<String, String> SAELENS_KEYS = Map.ofEntries(
      Map.entry("model_name", "model_name"), Map.entry("model", "model_name"),
      Map.entry("hook_name", "hook_name"), Map.entry("hook", "hook_name"),
      Map.entry("hook_layer", "hook_layer"), Map.entry("hook_head_index", "hook_head_index"),
      Map.entry("dataset_path", "dataset_path"), Map.entry("corpus", "dataset_path"),
      Map.entry("context_size", "context_size"), Map.entry("prepend_bos", "prepend_bos"),
      Map.entry("model_class_name", "model_class_name"));
  private static final Pattern BLOCK = Pattern.compile("^blocks\\.(\\d+)\\.");

  private SaeLensConfig() {
  }

  /**
   * The configuration as a JSON tree.
   *
   * @param inputDim d_in
   * @param features d_sae
   * @param inputScale the scale folded into the exported weights
   * @param step the number of training steps taken
   * @param info model, hook and dataset details and sae4j provenance (see the class comment); not modified
   */
  public static ObjectNode of(int inputDim, int features, double inputScale, long step, Map<String, Object> info) {
    ObjectNode cfg = JSON.createObjectNode();
    cfg.put("architecture", "standard");
    cfg.put("d_in", inputDim);
    cfg.put("d_sae", features);
    cfg.put("dtype", "float32");
    cfg.put("device", "cpu");
    cfg.put("apply_b_dec_to_input", false);
    cfg.put("normalize_activations", "none");
    cfg.put("activation_fn_str", "relu");
    cfg.put("finetuning_scaling_factor", false);
    ObjectNode sae4j = JSON.createObjectNode();
    sae4j.put("inputScale", inputScale);
    sae4j.put("step", step);
    info.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      if (e.getValue() == null) {
        return;
      }
      String key = SAELENS_KEYS.get(e.getKey());
      if (key != null && !cfg.has(key)) {
        cfg.set(key, JSON.valueToTree(e.getValue()));
      } else if (key == null && !sae4j.has(e.getKey())) {
        sae4j.set(e.getKey(), JSON.valueToTree(e.getValue()));
      }
    });
    if (!cfg.has("hook_layer") && cfg.has("hook_name")) {
      Matcher m = BLOCK.matcher(cfg.get("hook_name").asText());
      if (m.find()) {
        cfg.put("hook_layer", Integer.parseInt(m.group(1)));
      }
    }
    cfg.set("sae4j", sae4j);
    return cfg;
  }
}
