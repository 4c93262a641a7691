package org.sae4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Mode {@code backends}: its options, its table and RESULT line, and a real run of the JVM backend. */
class BackendBenchmarkTest {

  /** A progress line's "(L0 …, loss …)" of one side. */
  private static final Pattern STEP_SCALARS = Pattern.compile("\\(L0 [^)]*\\)");

  @Test
  void backends_mode_compares_jvm_with_tornadovm_on_the_moderate_shape_without_pytorch() {
    StepBenchmark.Invocation i = StepBenchmark.parse(new String[] {"backends"});
    assertThat(i.backends()).isTrue();
    assertThat(i.baseline()).isEqualTo("jvm");
    assertThat(i.candidate()).isEqualTo("tornadovm");
    assertThat(i.shape()).isEqualTo(new BenchShape("backends", 256, 2048, 1024, 64));
    assertThat(i.gemm()).isFalse();
    assertThat(i.settings().warmup()).isGreaterThanOrEqualTo(StepBenchmark.BACKENDS_MIN_WARMUP);
    assertThat(StepBenchmark.parse(new String[] {"step"}).backends()).isFalse();
  }

  @Test
  void options_pick_the_backends_and_the_shape() {
    StepBenchmark.Invocation i = StepBenchmark.parse(new String[] {"backends", "--baseline", "tornadovm",
        "--candidate", "cuda-2", "--shape", "64, 512,256", "--l0", "16", "--warmup", "2"});
    assertThat(i.baseline()).isEqualTo("tornadovm");
    assertThat(i.candidate()).isEqualTo("cuda-2");
    assertThat(i.shape()).isEqualTo(new BenchShape("backends", 64, 512, 256, 16));
    assertThat(i.settings().warmup()).isEqualTo(2);
    assertThat(StepBenchmark.parse(new String[] {"quick", "--shape", "32,128,16"}).shape())
        .isEqualTo(new BenchShape("quick", 32, 128, 16, 64));
  }

  @Test
  void rejects_backend_options_outside_backends_mode_and_bad_values_naming_them() {
    assertThatThrownBy(() -> StepBenchmark.parse(new String[] {"step", "--candidate", "tornadovm"}))
        .hasMessage("option --candidate applies only to mode backends");
    assertThatThrownBy(() -> StepBenchmark.parse(new String[] {"backends", "--baseline", "--reps"}))
        .hasMessageStartingWith("option --baseline expects a backend name such as jvm or tornadovm, got '--reps'");
    assertThatThrownBy(() -> StepBenchmark.parse(new String[] {"backends", "--candidate", "jvm"}))
        .hasMessage("--baseline and --candidate are both 'jvm'; name two different backends");
    assertThatThrownBy(() -> StepBenchmark.parse(new String[] {"backends", "--warmup", "1"}))
        .hasMessageStartingWith("mode backends needs --warmup >= 2");
    assertThatThrownBy(() -> StepBenchmark.parse(new String[] {"backends", "--shape", "64,512"}))
        .hasMessage("option --shape expects N,M,B (input dim, features, rows), got '64,512'");
    assertThatThrownBy(() -> StepBenchmark.parse(new String[] {"backends", "--shape", "64,x,8"}))
        .hasMessage("option --shape expects a number, got '64,x,8'");
  }

  @Test
  void table_and_result_line_give_both_medians_and_the_baseline_over_candidate_ratio() {
    BackendComparison.Result r = new BackendComparison.Result(new Timing("jvm", new double[] {40, 30, 50}),
        new Timing("tornadovm", new double[] {100, 140, 120, 80}), "CPU, 2 threads", "pocl cpu", 63.5, 63.5,
        2.0, 2.0000002);
    assertThat(r.ratio()).isEqualTo(40.0 / 110.0);
    BenchShape shape = new BenchShape("backends", 64, 512, 256, 64);
    assertThat(r.table(shape)).contains("== training step, tornadovm vs jvm: backends n=64 m=512 B=256",
        "jvm", "40.0", "30.0", "50.0", "6400", "tornadovm", "110.0", "80.0", "140.0", "2327",
        "devices: jvm: CPU, 2 threads; tornadovm: pocl cpu", "relative difference 1.0e-07",
        "ratio (jvm median / tornadovm median): 0.364");
    assertThat(r.resultLine()).isEqualTo("RESULT tornadovm_step_ms=110.0 jvm_step_ms=40.0 ratio=0.364");
  }

  @Test
  void unknown_backend_fails_listing_the_known_ones() {
    SyntheticWorkload data = SyntheticWorkload.generate(8, 16, 4, 1, 4, 3);
    BenchShape shape = new BenchShape("tiny", 8, 16, 4, 4);
    assertThatThrownBy(() -> BackendComparison.run("jvm", "warp-drive", shape,
        new BenchSettings(2, 1, 1, 3, 1, 5.0e-5, 5.0), data, line -> { }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown backend 'warp-drive'").hasMessageContaining("jvm");
  }

  @Test
  void comparison_steps_both_sides_from_the_same_weights_on_the_same_batches() {
    // The JVM backend is deterministic, so two of them must agree exactly on every step's loss and L0: a mix-up
    // of batches or initial weights between the sides would show.
    BenchShape shape = new BenchShape("tiny", 16, 64, 32, 4);
    SyntheticWorkload data = SyntheticWorkload.generate(16, 64, 32, 2, 4, 11);
    List<String> log = new ArrayList<>();
    BackendComparison.Result r = BackendComparison.run("jvm", "jvm", shape,
        new BenchSettings(2, 3, 1, 11, 2, 5.0e-5, 5.0), data, log::add);
    assertThat(r.baseline().millis()).hasSize(3);
    assertThat(r.candidate().millis()).hasSize(3);
    assertThat(log).anyMatch(l -> l.startsWith("  step  5 (timed): jvm"));
    assertThat(log.stream().filter(l -> l.startsWith("  step"))).hasSize(5).allSatisfy(l -> {
      List<String> scalars = STEP_SCALARS.matcher(l).results().map(MatchResult::group).toList();
      assertThat(scalars).hasSize(2);
      assertThat(scalars.get(1)).isEqualTo(scalars.get(0));
    });
    assertThat(r.candidateFirstLoss()).isEqualTo(r.baselineFirstLoss()).isPositive();
    assertThat(r.candidateL0()).isEqualTo(r.baselineL0()).isPositive();
  }
}
