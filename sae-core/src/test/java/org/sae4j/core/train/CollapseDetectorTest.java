package org.sae4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.sae4j.core.descriptor.TrainingSpec.OnCollapse;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.RuleState;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.kernels.SparseCodes;
import org.sae4j.kernels.StepInput;
import org.sae4j.kernels.StepResult;

/** The detector's rules on planted firing patterns; TrainerCollapseTest plants a real collapse. */
class CollapseDetectorTest {
  private static final int FEATURES = 100;
  private static final int DIM = 4;
  private static final int BATCH = 256;

  /** A backend whose forward pass makes features [0, alive(call)) fire on every row, and counts the rows. */
  private static final class PlantedFiring implements Backend {
    private final IntFunction<Integer> alive;
    private int calls;
    private long rows;

    PlantedFiring(IntFunction<Integer> alive) {
      this.alive = alive;
    }

    @Override
    public void forward(float[] batch, int rowCount, float[] reconstruction, SparseCodes codes) {
      int n = alive.apply(calls++);
      codes.reset(rowCount);
      for (int r = 0; r < rowCount; r++) {
        for (int i = 0; i < n; i++) {
          codes.add(i, 1f);
        }
        codes.endRow();
      }
      rows += rowCount;
    }

    @Override
    public String name() {
      return "planted";
    }

    @Override
    public String device() {
      return "none";
    }

    @Override
    public int inputDim() {
      return DIM;
    }

    @Override
    public int features() {
      return FEATURES;
    }

    @Override
    public StepResult step(float[] batch, int rowCount, StepInput input) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SaeParameters parameters() {
      throw new UnsupportedOperationException();
    }

    @Override
    public AdamState adamState() {
      throw new UnsupportedOperationException();
    }

    @Override
    public RuleState ruleState() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
  }

  private static final StepResult HEALTHY = new StepResult(1, 0.5, 0.5, 12, 1);

  /** Runs {@code steps} steps of L0 {@code l0(step)}; returns the step at which it threw, or -1. */
  private static long run(CollapseDetector detector, Backend backend, long steps, IntFunction<StepResult> result) {
    float[] batch = new float[BATCH * DIM];
    for (int s = 0; s < steps; s++) {
      try {
        detector.afterStep(s, result.apply(s), batch, backend);
      } catch (TrainingCollapseException e) {
        return e.collapse().step();
      }
    }
    return -1;
  }

  @Test
  void stops_when_the_dead_share_explodes_after_the_warm_up_and_names_the_step_and_share() {
    // 2000 steps: windows of 200 steps with a sample every 50; the warm-up ends at 100
    CollapseDetector detector = new CollapseDetector(2000, BATCH, FEATURES, DIM, 100, 0.3, OnCollapse.STOP, l -> { });
    // 90 features fire up to the 20th sample (step 1000), then only 5; a sample of 200 rows holds 18,000
    // activations while 90 fire, enough to close a dead-share window (16 per feature), but 1,000 once 5 do
    PlantedFiring backend = new PlantedFiring(call -> call < 20 ? 90 : 5);
    float[] batch = new float[BATCH * DIM];
    TrainingCollapseException e = null;
    for (int s = 0; s < 2000 && e == null; s++) {
      try {
        detector.afterStep(s, HEALTHY, batch, backend);
      } catch (TrainingCollapseException thrown) {
        e = thrown;
      }
    }
    assertThat(e).isNotNull();
    assertThat(e.collapse().step()).isEqualTo(1100);
    assertThat(e.collapse().deadShare()).isEqualTo(0.95);
    assertThat(e.collapse().l0()).isEqualTo(12.0);
    assertThat(e).hasMessage("training collapsed at step 1100 of 2000: the dead share rose from 10.0% to 95.0% "
        + "(L0 12.00); 95.0% of the 100 features fired on none of the 400 tokens sampled in steps 1001-1100. The "
        + "learning rate is likely too high: lower training.lr (now 0.3), e.g. to 0.03, or set training.onCollapse: "
        + "warn to train to the end anyway");
  }

  @Test
  void a_dead_share_that_only_rises_during_the_warm_up_is_not_a_collapse() {
    CollapseDetector detector = new CollapseDetector(2000, BATCH, FEATURES, DIM, 400, 0.3, OnCollapse.STOP, l -> { });
    // most features stop firing during the λ warm-up (steps 1-400), then the dictionary is stable
    PlantedFiring backend = new PlantedFiring(call -> call < 4 ? 100 : 30);
    assertThat(run(detector, backend, 2000, s -> HEALTHY)).isEqualTo(-1);
  }

  @Test
  void stops_when_l0_falls_to_zero_at_any_time() {
    CollapseDetector detector = new CollapseDetector(2000, BATCH, FEATURES, DIM, 100, 1.0, OnCollapse.STOP, l -> { });
    PlantedFiring backend = new PlantedFiring(call -> call < 8 ? 60 : 0);
    StepResult dead = new StepResult(9, 9, 0, 0.01, 1);
    assertThat(run(detector, backend, 2000, s -> s < 400 ? HEALTHY : dead)).isEqualTo(600);
  }

  @Test
  void warn_reports_once_and_trains_on() {
    List<String> log = new ArrayList<>();
    CollapseDetector detector = new CollapseDetector(2000, BATCH, FEATURES, DIM, 100, 1.0, OnCollapse.WARN, log::add);
    PlantedFiring backend = new PlantedFiring(call -> 0);
    StepResult dead = new StepResult(9, 9, 0, 0, 1);
    assertThat(run(detector, backend, 2000, s -> dead)).isEqualTo(-1);
    assertThat(log).hasSize(1);
    assertThat(log.getFirst()).startsWith("WARN training collapsed at step 200 of 2000: L0 fell to 0.000");
    assertThat(detector.warning().step()).isEqualTo(200);
  }

  @Test
  void samples_about_one_token_in_64_so_the_check_stays_off_the_hot_path() {
    for (long steps : new long[] {50, 500, 5000, 50_000}) {
      CollapseDetector detector = new CollapseDetector(steps, BATCH, FEATURES, DIM, 0, 1e-3, OnCollapse.STOP,
          l -> { });
      PlantedFiring backend = new PlantedFiring(call -> 50);
      run(detector, backend, steps, s -> HEALTHY);
      assertThat((double) backend.rows / (steps * BATCH)).as("steps=%d", steps).isGreaterThan(0)
          .isLessThanOrEqualTo(1.0 / 64);
    }
  }

  @Test
  void a_restored_state_decides_like_the_uninterrupted_detector() {
    IntFunction<StepResult> l0 = s -> s < 1000 ? HEALTHY : new StepResult(9, 9, 0, 0.05, 1);
    CollapseDetector whole = new CollapseDetector(2000, BATCH, FEATURES, DIM, 100, 1.0, OnCollapse.WARN, l -> { });
    run(whole, new PlantedFiring(call -> 40), 2000, l0);

    CollapseDetector first = new CollapseDetector(2000, BATCH, FEATURES, DIM, 100, 1.0, OnCollapse.WARN, l -> { });
    PlantedFiring planted = new PlantedFiring(call -> 40);
    float[] batch = new float[BATCH * DIM];
    for (int s = 0; s < 1130; s++) { // stops in the middle of the window in which L0 collapses
      first.afterStep(s, l0.apply(s), batch, planted);
    }
    CollapseDetector resumed = new CollapseDetector(2000, BATCH, FEATURES, DIM, 100, 1.0, OnCollapse.WARN, l -> { });
    resumed.restore(first.state());
    for (int s = 1130; s < 2000; s++) {
      resumed.afterStep(s, l0.apply(s), batch, planted);
    }
    assertThat(whole.warning()).isNotNull();
    assertThat(resumed.warning()).isEqualTo(whole.warning());
  }
}
