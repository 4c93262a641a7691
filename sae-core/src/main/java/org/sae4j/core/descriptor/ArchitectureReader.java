package org.sae4j.core.descriptor;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.sae4j.kernels.ActivationRule;

/**
 * Reads {@code sae.architecture} and the keys that belong to it, in the {@code sae} and {@code training}
 * sections. A key of another architecture (say {@code sae.k} with relu-l1, or {@code training.l1} with topk) is an
 * error that names it, its line and the architecture it belongs to.
 */
final class ArchitectureReader {
  private static final Pattern NAMES = Pattern.compile("relu-l1|topk|batchtopk|jumprelu");
  private static final Pattern PENALTIES = Pattern.compile(Architecture.JumpRelu.L0 + "|" + Architecture.JumpRelu.TANH);
  /** The architectures in documentation order. */
  private static final List<String> ORDER = List.of(Architecture.ReluL1.NAME, Architecture.TopK.NAME,
      Architecture.BatchTopK.NAME, Architecture.JumpRelu.NAME);
  /** The keys common to every architecture. */
  static final List<String> COMMON_SAE_KEYS = List.of("architecture", "features", "decoderInitNorm");
  /** Each architecture's own {@code sae} keys. */
  private static final Map<String, List<String>> SAE_KEYS = Map.of(
      Architecture.ReluL1.NAME, List.of(),
      Architecture.TopK.NAME, List.of("k", "kAux", "auxKCoefficient", "deadTokens"),
      Architecture.BatchTopK.NAME, List.of("k", "thresholdDecay", "kAux", "auxKCoefficient", "deadTokens"),
      Architecture.JumpRelu.NAME, List.of("threshold", "bandwidth", "deadTokens"));
  /** Each architecture's own {@code training} keys. */
  private static final Map<String, List<String>> TRAINING_KEYS = Map.of(
      Architecture.ReluL1.NAME, List.of("l1", "l1WarmupFraction"),
      Architecture.TopK.NAME, List.of(),
      Architecture.BatchTopK.NAME, List.of(),
      Architecture.JumpRelu.NAME, List.of("l0", "l0WarmupFraction", "sparsityPenalty", "tanhScale",
          "preActCoefficient"));

  private ArchitectureReader() {
  }

  /** The architecture's name, checked against the known ones. */
  static String name(Section sae) throws DescriptorException {
    return sae.string("architecture", Architecture.ReluL1.NAME, NAMES, "allowed: relu-l1, topk, batchtopk, jumprelu");
  }

  /**
   * Reads the architecture's {@code sae} keys; rejects keys of other architectures in both sections.
   *
   * @param features the already read {@code sae.features}, which bounds k
   */
  static Architecture read(String name, Section sae, Section training, int features) throws DescriptorException {
    rejectForeign(name, sae, SAE_KEYS);
    rejectForeign(name, training, TRAINING_KEYS);
    return switch (name) {
      case Architecture.TopK.NAME -> new Architecture.TopK(k(sae, name, features), auxK(sae, features));
      case Architecture.BatchTopK.NAME -> {
        int k = k(sae, name, features);
        double decay = sae.number("thresholdDecay", Architecture.BatchTopK.DEFAULT_THRESHOLD_DECAY,
            Range.closedOpen(0, 1));
        yield new Architecture.BatchTopK(k, decay, auxK(sae, features));
      }
      case Architecture.JumpRelu.NAME -> jumpRelu(sae, training);
      default -> new Architecture.ReluL1();
    };
  }

  /** All keys allowed in {@code sae} for this architecture. */
  static List<String> saeKeys(String name) {
    return Stream.concat(COMMON_SAE_KEYS.stream(), SAE_KEYS.get(name).stream()).toList();
  }

  /** The keys of {@code all} (in its order) that this architecture allows: all but other architectures' own. */
  static List<String> trainingKeys(String name, List<String> all) {
    return all.stream().filter(k -> TRAINING_KEYS.get(name).contains(k) || TRAINING_KEYS.values().stream()
        .noneMatch(owned -> owned.contains(k))).toList();
  }

  private static void rejectForeign(String name, Section section, Map<String, List<String>> byArchitecture)
      throws DescriptorException {
    for (String key : section.entries().keySet()) {
      if (byArchitecture.get(name).contains(key) || !section.has(key)) {
        continue;
      }
      List<String> owners = ORDER.stream().filter(a -> byArchitecture.get(a).contains(key)).toList();
      if (!owners.isEmpty()) {
        throw section.error(key, section.keyPath(key) + " is a setting of sae.architecture "
            + String.join(" or ", owners) + ", not of " + name, "remove it, or set sae.architecture: "
            + owners.getFirst());
      }
    }
  }

  /**
   * jumprelu's keys: sae.threshold and sae.bandwidth, training.l0 (required), training.l0WarmupFraction,
   * training.sparsityPenalty and, with the tanh penalty only, training.tanhScale; training.preActCoefficient and,
   * with it only, sae.deadTokens.
   */
  private static Architecture.JumpRelu jumpRelu(Section sae, Section training) throws DescriptorException {
    double threshold = sae.number("threshold", Architecture.JumpRelu.DEFAULT_THRESHOLD, Range.above(0));
    double bandwidth = sae.number("bandwidth", Architecture.JumpRelu.DEFAULT_BANDWIDTH, Range.above(0));
    if (!training.has("l0")) {
      throw training.error(null, "sae.architecture jumprelu needs training.l0, the coefficient of the L0 penalty",
          "add l0: a number >= 0 (the loss is mse + l0 · L0 on the scaled inputs)");
    }
    double l0 = training.number("l0", null, Range.atLeast(0));
    double warmup = training.number("l0WarmupFraction", TrainingSpec.DEFAULTS.l1WarmupFraction(), Range.closed(0, 1));
    DescriptorReader.checkWarmupBeforeDecay(training, "l0WarmupFraction", warmup);
    String penalty = training.string("sparsityPenalty", Architecture.JumpRelu.L0, PENALTIES, "allowed: l0, tanh");
    double scale = ActivationRule.JumpRelu.L0_PENALTY;
    if (penalty.equals(Architecture.JumpRelu.L0)) {
      if (training.has("tanhScale")) {
        throw training.error("tanhScale", "training.tanhScale is the scale of the tanh penalty, but "
            + "training.sparsityPenalty is l0", "remove it, or set sparsityPenalty: tanh");
      }
    } else {
      scale = training.number("tanhScale", Architecture.JumpRelu.DEFAULT_TANH_SCALE, Range.above(0));
    }
    double preAct = training.number("preActCoefficient", 0.0, Range.atLeast(0));
    if (preAct == 0 && sae.has("deadTokens")) {
      throw sae.error("deadTokens", "sae.deadTokens is the dead-feature window of the pre-activation loss, but "
          + "training.preActCoefficient is " + (training.has("preActCoefficient") ? "0" : "not set"),
          "remove it, or set training.preActCoefficient: a number > 0");
    }
    long deadTokens = sae.integer("deadTokens", Architecture.AuxK.SCALED, 1, Long.MAX_VALUE);
    return new Architecture.JumpRelu(threshold, bandwidth, l0, warmup, scale, preAct, deadTokens);
  }

  /** The AuxK keys of topk and batchtopk: sae.kAux (0..features), sae.auxKCoefficient (>= 0), sae.deadTokens (>= 1). */
  private static Architecture.AuxK auxK(Section sae, int features) throws DescriptorException {
    int kAux = sae.intValue("kAux", Architecture.AuxK.HALF_INPUT, 0, features);
    double coefficient = sae.number("auxKCoefficient", Architecture.AuxK.DEFAULT_COEFFICIENT, Range.atLeast(0));
    long deadTokens = sae.integer("deadTokens", Architecture.AuxK.SCALED, 1, Long.MAX_VALUE);
    return new Architecture.AuxK(kAux, coefficient, deadTokens);
  }

  /** {@code sae.k}: required, 1 ≤ k &lt; features. */
  private static int k(Section sae, String name, int features) throws DescriptorException {
    if (!sae.has("k")) {
      throw sae.error(null, "sae.architecture " + name + " needs sae.k, the number of features kept per token",
          "add k: an integer with 1 <= k < features (" + features + ")");
    }
    int k = sae.intValue("k", null, 1, Integer.MAX_VALUE);
    if (k >= features) {
      throw sae.error("k", "k (" + k + ") must be less than features (" + features + ")",
          "allowed: 1 <= k < " + features);
    }
    return k;
  }
}
