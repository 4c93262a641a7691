package org.sae4j.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.LearnedThreshold;
import org.sae4j.kernels.RuleState;
import org.sae4j.kernels.SaeParameters;

/** The training state file keeps an activation rule's state exactly, and writes none for relu-l1. */
class TrainingStateFileTest {

  @TempDir
  Path tmp;

  @Test
  void keeps_topk_counts_a_batchtopk_threshold_and_jumprelu_thresholds_exactly() throws IOException {
    SaeParameters p = SaeFixtures.random(new SplittableRandom(1), 6, 9);
    for (RuleState rule : new RuleState[] {new RuleState(new int[] {0, 1, 2, 3, 700, 5, 6, 7, 1 << 23}, Float.NaN),
        new RuleState(new int[0], 0.3125f), RuleState.NONE, RuleState.of(learned())}) {
      Path file = tmp.resolve("state-" + rule.hashCode() + ".safetensors");
      TrainingState state = new TrainingState(p, AdamState.initial(6, 9), 1.5, rule);
      TrainingStateFile.write(file, state);
      TrainingState back = TrainingStateFile.read(file);
      assertThat(back.rule()).isEqualTo(rule);
      assertThat(back.parameters()).isEqualTo(p);
      assertThat(Safetensors.read(file).tensors()).hasSize(rule.equals(RuleState.NONE) ? 12
          : rule.learned().size() > 0 ? 15 : 13);
    }
  }

  /** JumpReLU's log θ and moments, with values float32 must keep exactly (subnormal, negative, large). */
  private static LearnedThreshold learned() {
    float[] log = {-6.9077554f, 0f, -1e-30f, 3.5f, -88f, 1.25f, -2f, 0.1f, -0.3f};
    float[] first = {1e-38f, -2e-7f, 0f, 0.5f, -0.25f, 3f, 1e-45f, -1f, 2f};
    float[] second = {1e-12f, 4e-14f, 0f, 0.25f, 0.0625f, 9f, 1e-45f, 1f, 4f};
    return new LearnedThreshold(log, first, second);
  }
}
