package org.sae4j.core.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.kernels.ActivationRule;
import org.sae4j.kernels.AuxK;
import org.sae4j.kernels.PreActLoss;

/** The architecture keys: defaults, and rejections naming the file, the key path and the line. */
class ArchitectureReaderTest {

  private static final String TOPK = Descriptors.BASE.replace("  features: 64\n",
      "  features: 64\n  architecture: topk\n  k: 8\n");

  private static final String JUMP = Descriptors.BASE.replace("  features: 64\n",
      "  features: 64\n  architecture: jumprelu\n") + "  l0: 0.5\n";

  @TempDir
  Path tmp;

  private DescriptorException reject(String yaml, String keyPath, int line) {
    Path file = Descriptors.write(tmp, "bad.yaml", yaml);
    DescriptorException e = assertThrows(DescriptorException.class, () -> DescriptorReader.read(file));
    assertThat(e.file()).isEqualTo(file.toAbsolutePath().normalize());
    assertThat(e.keyPath()).isEqualTo(keyPath);
    assertThat(e.line()).isEqualTo(line);
    assertThat(e.getMessage()).startsWith(e.file() + ":" + line + ":");
    return e;
  }

  @Test
  void reads_topk_with_the_paper_defaults_scaled_to_the_run() throws Exception {
    Descriptor d = DescriptorReader.read(Descriptors.write(tmp, "topk.yaml", TOPK));
    assertThat(d.sae().architecture()).isEqualTo(new Architecture.TopK(8, new Architecture.AuxK(
        Architecture.AuxK.HALF_INPUT, 1.0 / 32, Architecture.AuxK.SCALED)));
    assertThat(d.training().l1()).isZero();
    // kAux = n/2 = 8; deadTokens = 90,000 / 10 = 9,000 tokens = 9 steps of 1,024 (rounded up).
    assertThat(d.sae().architecture().rule(16, 1024, 90_000))
        .isEqualTo(new ActivationRule.TopK(8, 8, 1.0 / 32, 9));
    assertThat(DescriptorHash.resolvedYaml(d)).contains("k: 8").doesNotContain("l1");
  }

  @Test
  void rejects_k_not_below_the_number_of_features() {
    DescriptorException e = reject(TOPK.replace("  k: 8\n", "  k: 64\n"), "sae.k", 11);
    assertThat(e.getMessage()).contains("k (64) must be less than features (64)").endsWith("allowed: 1 <= k < 64");
  }

  @Test
  void rejects_k_below_one() {
    assertThat(reject(TOPK.replace("  k: 8\n", "  k: 0\n"), "sae.k", 11).getMessage()).contains("out of range");
  }

  @Test
  void rejects_topk_without_k() {
    assertThat(reject(TOPK.replace("  k: 8\n", ""), "sae", 8).getMessage()).contains("needs sae.k");
  }

  @Test
  void rejects_k_for_relu_l1() {
    DescriptorException e = reject(Descriptors.BASE.replace("  features: 64\n", "  features: 64\n  k: 8\n"),
        "sae.k", 10);
    assertThat(e.getMessage()).contains("sae.k is a setting of sae.architecture topk or batchtopk, not of relu-l1");
  }

  @Test
  void rejects_l1_and_its_warmup_for_topk() {
    assertThat(reject(TOPK + "  l1: 1.0\n", "training.l1", 14).getMessage())
        .contains("training.l1 is a setting of sae.architecture relu-l1, not of topk");
    reject(TOPK + "  l1WarmupFraction: 0.1\n", "training.l1WarmupFraction", 14);
  }

  @Test
  void reads_batchtopk_with_the_same_auxk_keys_and_defaults_as_topk() throws Exception {
    String batch = TOPK.replace("architecture: topk", "architecture: batchtopk");
    Descriptor d = DescriptorReader.read(Descriptors.write(tmp, "batch.yaml", batch));
    assertThat(d.sae().architecture()).isEqualTo(new Architecture.BatchTopK(8, 0.999, Architecture.AuxK.DEFAULTS));
    // The same resolution as topk's: kAux = n/2 = 8, 9,000 dead tokens = 9 steps of 1,024.
    assertThat(d.sae().architecture().rule(16, 1024, 90_000))
        .isEqualTo(new ActivationRule.BatchTopK(8, 0.999, new AuxK(8, 1.0 / 32, 9)));
    Descriptor set = DescriptorReader.read(Descriptors.write(tmp, "batch-set.yaml", batch.replace("  k: 8\n",
        "  k: 8\n  kAux: 4\n  auxKCoefficient: 0.5\n  deadTokens: 2048\n")));
    assertThat(set.sae().architecture().rule(16, 1024, 90_000))
        .isEqualTo(new ActivationRule.BatchTopK(8, 0.999, new AuxK(4, 0.5, 2)));
    assertThat(DescriptorHash.resolvedYaml(set)).contains("kAux: 4", "auxKCoefficient: 0.5", "deadTokens: 2048");
    assertThat(reject(batch + "  l1: 1.0\n", "training.l1", 14).getMessage()).contains("not of batchtopk");
    assertThat(reject(batch.replace("  k: 8\n", "  k: 8\n  threshold: 0.1\n"), "sae.threshold", 12).getMessage())
        .contains("sae.threshold is a setting of sae.architecture jumprelu, not of batchtopk");
    reject(batch.replace("  k: 8\n", "  k: 64\n"), "sae.k", 11);
  }

  @Test
  void rejects_auxk_keys_out_of_range_for_both_selecting_architectures() {
    for (String arch : new String[] {"topk", "batchtopk"}) {
      String yaml = TOPK.replace("architecture: topk", "architecture: " + arch);
      assertThat(reject(yaml.replace("  k: 8\n", "  k: 8\n  kAux: -1\n"), "sae.kAux", 12).getMessage())
          .contains("out of range");
      assertThat(reject(yaml.replace("  k: 8\n", "  k: 8\n  kAux: 65\n"), "sae.kAux", 12).getMessage())
          .contains("out of range");
      reject(yaml.replace("  k: 8\n", "  k: 8\n  auxKCoefficient: -0.5\n"), "sae.auxKCoefficient", 12);
      reject(yaml.replace("  k: 8\n", "  k: 8\n  deadTokens: 0\n"), "sae.deadTokens", 12);
    }
  }

  @Test
  void relu_l1_keeps_its_identity() throws Exception {
    Descriptor d = DescriptorReader.read(Descriptors.write(tmp, "relu.yaml", Descriptors.BASE));
    assertThat(d.sae().architecture()).isEqualTo(new Architecture.ReluL1());
    assertThat(DescriptorHash.resolvedYaml(d)).contains("l1: 5").doesNotContain("k:");
  }

  @Test
  void reads_jumprelu_with_its_defaults_and_its_training_keys() throws Exception {
    Descriptor d = DescriptorReader.read(Descriptors.write(tmp, "jump.yaml", JUMP));
    assertThat(d.sae().architecture()).isEqualTo(new Architecture.JumpRelu(0.001, 0.001, 0.5, 0.05));
    assertThat(d.sae().architecture().rule(16, 1024, 90_000)).isEqualTo(new ActivationRule.JumpRelu(0.001, 0.001));
    assertThat(d.sae().architecture().sparsityCoefficient(d.training())).isEqualTo(0.5);
    assertThat(d.sae().architecture().warmupFraction(d.training())).isEqualTo(0.05);
    assertThat(d.training().l1()).isZero();
    assertThat(DescriptorHash.resolvedYaml(d)).contains("threshold: 0.001", "bandwidth: 0.001", "l0: 0.5",
        "l0WarmupFraction: 0.05").doesNotContain("l1");
    Descriptor set = DescriptorReader.read(Descriptors.write(tmp, "set.yaml", JUMP.replace("jumprelu\n",
        "jumprelu\n  threshold: 0.2\n  bandwidth: 0.05\n") + "  l0WarmupFraction: 0.1\n"));
    assertThat(set.sae().architecture()).isEqualTo(new Architecture.JumpRelu(0.2, 0.05, 0.5, 0.1));
  }

  @Test
  void reads_the_tanh_penalty_of_jumprelu_and_keeps_the_l0_identity_without_it() throws Exception {
    Descriptor d = DescriptorReader.read(Descriptors.write(tmp, "tanh.yaml", JUMP + "  sparsityPenalty: tanh\n"));
    assertThat(d.sae().architecture()).isEqualTo(new Architecture.JumpRelu(0.001, 0.001, 0.5, 0.05, 4));
    assertThat(d.sae().architecture().rule(16, 1024, 90_000))
        .isEqualTo(new ActivationRule.JumpRelu(0.001, 0.001, 4));
    assertThat(DescriptorHash.resolvedYaml(d)).contains("sparsityPenalty: tanh", "tanhScale: 4");
    Descriptor scaled = DescriptorReader.read(Descriptors.write(tmp, "tanh-c.yaml", JUMP
        + "  sparsityPenalty: tanh\n  tanhScale: 2.5\n"));
    assertThat(scaled.sae().architecture().rule(16, 1024, 90_000))
        .isEqualTo(new ActivationRule.JumpRelu(0.001, 0.001, 2.5));
    Descriptor l0 = DescriptorReader.read(Descriptors.write(tmp, "l0.yaml", JUMP + "  sparsityPenalty: l0\n"));
    Descriptor plain = DescriptorReader.read(Descriptors.write(tmp, "plain.yaml", JUMP));
    assertThat(DescriptorHash.of(l0)).isEqualTo(DescriptorHash.of(plain));
    assertThat(DescriptorHash.resolvedYaml(plain)).doesNotContain("sparsityPenalty", "tanhScale");
  }

  @Test
  void rejects_tanh_keys_out_of_place() {
    assertThat(reject(JUMP + "  tanhScale: 4\n", "training.tanhScale", 14).getMessage())
        .contains("training.sparsityPenalty is l0");
    assertThat(reject(JUMP + "  sparsityPenalty: l1\n", "training.sparsityPenalty", 14).getMessage())
        .contains("allowed: l0, tanh");
    reject(JUMP + "  sparsityPenalty: tanh\n  tanhScale: 0\n", "training.tanhScale", 15);
    assertThat(reject(Descriptors.BASE + "  sparsityPenalty: tanh\n", "training.sparsityPenalty", 12)
        .getMessage()).contains("training.sparsityPenalty is a setting of sae.architecture jumprelu, not of relu-l1");
  }

  @Test
  void reads_the_pre_activation_loss_of_jumprelu_with_the_auxk_window_and_keeps_the_identity_without_it()
      throws Exception {
    Descriptor d = DescriptorReader.read(Descriptors.write(tmp, "preact.yaml", JUMP + "  sparsityPenalty: tanh\n"
        + "  preActCoefficient: 0.25\n"));
    assertThat(d.sae().architecture()).isEqualTo(new Architecture.JumpRelu(0.001, 0.001, 0.5, 0.05, 4, 0.25,
        Architecture.AuxK.SCALED));
    // deadTokens as AuxK scales it: 90,000 / 10 = 9,000 tokens = 9 steps of 1,024 (rounded up).
    assertThat(d.sae().architecture().rule(16, 1024, 90_000))
        .isEqualTo(new ActivationRule.JumpRelu(0.001, 0.001, 4, new PreActLoss(0.25, 9)));
    assertThat(DescriptorHash.resolvedYaml(d)).contains("preActCoefficient: 0.25").doesNotContain("deadTokens");
    Descriptor window = DescriptorReader.read(Descriptors.write(tmp, "window.yaml", JUMP.replace("jumprelu\n",
        "jumprelu\n  deadTokens: 4096\n") + "  preActCoefficient: 0.25\n"));
    assertThat(window.sae().architecture().rule(16, 1024, 90_000))
        .isEqualTo(new ActivationRule.JumpRelu(0.001, 0.001, 0, new PreActLoss(0.25, 4)));
    assertThat(DescriptorHash.resolvedYaml(window)).contains("deadTokens: 4096");
    Descriptor zero = DescriptorReader.read(Descriptors.write(tmp, "zero.yaml", JUMP + "  preActCoefficient: 0\n"));
    Descriptor plain = DescriptorReader.read(Descriptors.write(tmp, "plain.yaml", JUMP));
    assertThat(zero.sae().architecture().rule(16, 1024, 90_000)).isEqualTo(new ActivationRule.JumpRelu(0.001, 0.001));
    assertThat(DescriptorHash.of(zero)).isEqualTo(DescriptorHash.of(plain));
    assertThat(DescriptorHash.resolvedYaml(plain)).doesNotContain("preActCoefficient");
  }

  @Test
  void rejects_pre_activation_keys_out_of_place() {
    reject(JUMP + "  preActCoefficient: -0.1\n", "training.preActCoefficient", 14);
    reject(JUMP + "  preActCoefficient: 1.0e5\n", "training.preActCoefficient", 14);
    assertThat(reject(JUMP.replace("jumprelu\n", "jumprelu\n  deadTokens: 100\n"), "sae.deadTokens", 11)
        .getMessage()).contains("training.preActCoefficient is not set");
    assertThat(reject(JUMP.replace("jumprelu\n", "jumprelu\n  deadTokens: 0\n") + "  preActCoefficient: 1\n",
        "sae.deadTokens", 11).getMessage()).contains("out of range");
    assertThat(reject(Descriptors.BASE + "  preActCoefficient: 0.5\n", "training.preActCoefficient", 12)
        .getMessage()).contains("training.preActCoefficient is a setting of sae.architecture jumprelu, not of relu-l1");
    assertThat(reject(TOPK + "  preActCoefficient: 0.5\n", "training.preActCoefficient", 14).getMessage())
        .contains("not of topk");
  }

  @Test
  void rejects_jumprelu_without_l0_and_with_thresholds_or_bandwidths_out_of_range() {
    assertThat(reject(JUMP.replace("  l0: 0.5\n", ""), "training", 11).getMessage())
        .contains("sae.architecture jumprelu needs training.l0");
    assertThat(reject(JUMP.replace("jumprelu\n", "jumprelu\n  threshold: 0\n"), "sae.threshold", 11)
        .getMessage()).contains("out of range");
    reject(JUMP.replace("jumprelu\n", "jumprelu\n  bandwidth: -0.1\n"), "sae.bandwidth", 11);
    reject(JUMP.replace("jumprelu\n", "jumprelu\n  bandwidth: 1.0e5\n"), "sae.bandwidth", 11);
    reject(JUMP.replace("  l0: 0.5\n", "  l0: -1\n"), "training.l0", 13);
    reject(JUMP.replace("  l0: 0.5\n", "  l0: 1.0e5\n"), "training.l0", 13);
    assertThat(reject(JUMP + "  l0WarmupFraction: 0.9\n", "training.l0WarmupFraction", 14).getMessage())
        .contains("lrDecayFraction (0.2) + l0WarmupFraction (0.9) is more than 1");
  }

  @Test
  void rejects_jumprelu_keys_for_other_architectures_and_theirs_for_jumprelu() {
    assertThat(reject(Descriptors.BASE + "  l0: 0.5\n", "training.l0", 12).getMessage())
        .contains("training.l0 is a setting of sae.architecture jumprelu, not of relu-l1");
    assertThat(reject(TOPK.replace("  k: 8\n", "  k: 8\n  threshold: 0.1\n"), "sae.threshold", 12).getMessage())
        .contains("sae.threshold is a setting of sae.architecture jumprelu, not of topk");
    assertThat(reject(JUMP + "  l1: 1.0\n", "training.l1", 14).getMessage())
        .contains("training.l1 is a setting of sae.architecture relu-l1, not of jumprelu");
    assertThat(reject(JUMP.replace("jumprelu\n", "jumprelu\n  k: 8\n"), "sae.k", 11).getMessage())
        .contains("sae.k is a setting of sae.architecture topk or batchtopk, not of jumprelu");
  }
}
