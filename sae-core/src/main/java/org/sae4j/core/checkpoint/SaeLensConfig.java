package org.sae4j.core.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sae4j.core.descriptor.Architecture;

/**
 * Builds the {@code cfg.json} that SAELens reads next to {@code sae_weights.safetensors}, in a form both SAELens
 * 6.x and 5.x load:
 * <ul>
 *   <li>{@code metadata.sae_lens_version} ({@value #SAE_LENS_VERSION}) makes SAELens 6 take its current path: it
 *       reads {@code architecture}, {@code d_in}, {@code d_sae}, {@code dtype}, {@code device},
 *       {@code apply_b_dec_to_input}, {@code normalize_activations}, {@code reshape_activations}, the
 *       architecture's keys ({@code k} for {@code topk}; {@code jumprelu}, as which batchtopk is exported, has its
 *       {@code threshold} as a tensor) and the {@code metadata} block ({@code model_name},
 *       {@code hook_name}, {@code hook_layer}, {@code hook_head_index}, {@code context_size},
 *       {@code prepend_bos}, {@code dataset_path}, {@code exclude_special_tokens}, ...).</li>
 *   <li>The same model, hook and dataset keys are also written flat, with {@code activation_fn_str},
 *       {@code activation_fn_kwargs}, {@code finetuning_scaling_factor}, {@code dataset_trust_remote_code} and
 *       {@code sae_lens_training_version}: every key SAELens 5.x's config needs without a default.</li>
 * </ul>
 * The hook name is written in TransformerLens form ({@code blocks.3.resid_post} becomes
 * {@code blocks.3.hook_resid_post}, {@code embed} becomes {@code hook_embed}), which
 * {@code HookedSAETransformer.add_sae} and Neuronpedia expect; sae4j's own name stays in the {@code sae4j} block
 * ({@code hook}) with the provenance (seed, descriptor hash, data fingerprint, input scale, step). The input scale
 * is folded into the weights, so {@code normalize_activations} is {@code "none"}; sae4j has no pre-encoder bias,
 * so {@code apply_b_dec_to_input} is {@code false}.
 *
 * <p>Entries of the caller's {@code info} map fill the SAELens keys when they name one: {@code model_name} (or
 * {@code model}), {@code hook_name} (or {@code hook}), {@code hook_layer}, {@code dataset_path} (or
 * {@code corpus}), {@code context_size} (or {@code harvest.window}), {@code prepend_bos},
 * {@code exclude_special_tokens}, {@code model_class_name}. Data without a model (synthetic) is written as model
 * and hook {@code synthetic}, context size 1, no BOS. Every entry also goes to the {@code sae4j} object.
 */
public final class SaeLensConfig {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  /** The SAELens format version the file follows. */
  public static final String SAE_LENS_VERSION = "6.0.0";
  private static final Map<String, String> ALIASES = Map.of("model", "model_name", "hook", "hook_name",
      "corpus", "dataset_path", "harvest.window", "context_size");
  private static final Pattern BLOCK = Pattern.compile("^blocks\\.(\\d+)\\.");
  private static final Pattern OURS = Pattern.compile("^(blocks\\.\\d+\\.)?([a-z_]+)$");
  private static final String SYNTHETIC = "synthetic";

  private SaeLensConfig() {
  }

  /**
   * The configuration as a JSON tree.
   *
   * @param architecture the SAE's architecture: SAELens' {@code architecture} and its keys
   * @param inputDim d_in
   * @param features d_sae
   * @param inputScale the scale folded into the exported weights
   * @param step the number of training steps taken
   * @param info model, hook and dataset details and sae4j provenance (see the class comment); not modified
   */
  public static ObjectNode of(Architecture architecture, int inputDim, int features, double inputScale, long step,
                              Map<String, Object> info) {
    ObjectNode cfg = JSON.createObjectNode();
    cfg.put("architecture", architecture.saeLensArchitecture());
    cfg.put("d_in", inputDim);
    cfg.put("d_sae", features);
    cfg.put("dtype", "float32");
    cfg.put("device", "cpu");
    cfg.put("apply_b_dec_to_input", false);
    cfg.put("normalize_activations", "none");
    cfg.put("reshape_activations", "none");
    architecture.saeLensKeys().forEach((k, v) -> cfg.set(k, JSON.valueToTree(v)));
    cfg.put("activation_fn_str", architecture.saeLensArchitecture().equals("topk") ? "topk" : "relu");
    cfg.set("activation_fn_kwargs", JSON.valueToTree(architecture.saeLensKeys()));
    cfg.put("finetuning_scaling_factor", false);
    cfg.put("dataset_trust_remote_code", false);
    cfg.put("sae_lens_training_version", "sae4j");
    ObjectNode metadata = metadata(info);
    metadata.fieldNames().forEachRemaining(k -> {
      if (!k.equals("sae_lens_version")) {
        cfg.set(k, metadata.get(k));
      }
    });
    cfg.set("metadata", metadata);
    ObjectNode sae4j = JSON.createObjectNode();
    sae4j.put("architecture", architecture.name());
    sae4j.put("active", architecture.activeMeans());
    sae4j.put("inputScale", inputScale);
    sae4j.put("step", step);
    info.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      if (e.getValue() != null && !sae4j.has(e.getKey())) {
        sae4j.set(e.getKey(), JSON.valueToTree(e.getValue()));
      }
    });
    cfg.set("sae4j", sae4j);
    return cfg;
  }

  /** SAELens 6's metadata block from the run's details. */
  private static ObjectNode metadata(Map<String, Object> info) {
    ObjectNode md = JSON.createObjectNode();
    md.put("sae_lens_version", SAE_LENS_VERSION);
    String model = text(info, "model_name");
    String hook = text(info, "hook_name");
    md.put("model_name", model == null ? SYNTHETIC : model);
    md.put("hook_name", hook == null ? SYNTHETIC : transformerLensHook(hook));
    Object layer = value(info, "hook_layer");
    if (layer != null) {
      md.set("hook_layer", JSON.valueToTree(layer));
    } else {
      Matcher m = BLOCK.matcher(hook == null ? "" : hook);
      md.put("hook_layer", m.find() ? Integer.parseInt(m.group(1)) : 0);
    }
    md.putNull("hook_head_index");
    Object context = value(info, "context_size");
    md.put("context_size", context == null ? 1 : Integer.parseInt(context.toString()));
    Object bos = value(info, "prepend_bos");
    // A harvested BERT window starts with [CLS], SAELens' BOS; synthetic rows have none.
    md.put("prepend_bos", bos == null ? model != null : Boolean.parseBoolean(bos.toString()));
    String dataset = text(info, "dataset_path");
    md.put("dataset_path", dataset == null ? SYNTHETIC : dataset);
    Object exclude = value(info, "exclude_special_tokens");
    // sae4j's harvest does not store the [CLS]/[SEP] positions.
    md.put("exclude_special_tokens", exclude == null ? model != null : Boolean.parseBoolean(exclude.toString()));
    String modelClass = text(info, "model_class_name");
    if (modelClass != null) {
      md.put("model_class_name", modelClass);
    }
    return md;
  }

  /** sae4j's hook name in TransformerLens form: {@code blocks.N.resid_post} → {@code blocks.N.hook_resid_post}. */
  public static String transformerLensHook(String hook) {
    Matcher m = OURS.matcher(hook);
    if (!m.matches() || m.group(2).startsWith("hook_")) {
      return hook;
    }
    return (m.group(1) == null ? "" : m.group(1)) + "hook_" + m.group(2);
  }

  private static Object value(Map<String, Object> info, String key) {
    if (info.get(key) != null) {
      return info.get(key);
    }
    for (var e : ALIASES.entrySet()) {
      if (e.getValue().equals(key) && info.get(e.getKey()) != null) {
        return info.get(e.getKey());
      }
    }
    return null;
  }

  private static String text(Map<String, Object> info, String key) {
    Object v = value(info, key);
    return v == null ? null : v.toString();
  }
}
