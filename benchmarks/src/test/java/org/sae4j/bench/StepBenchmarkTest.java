package org.sae4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StepBenchmarkTest {

  @Test
  void step_mode_runs_the_big_shape_at_l0_64_with_both_comparisons() {
    StepBenchmark.Invocation i = StepBenchmark.parse(new String[] {"step"});
    assertThat(i.shape()).isEqualTo(BenchShape.BIG_L0_64);
    assertThat(i.step()).isTrue();
    assertThat(i.gemm()).isTrue();
    assertThat(i.settings()).isEqualTo(BenchSettings.defaults());
  }

  @Test
  void other_modes_pick_their_shape_and_comparisons() {
    StepBenchmark.Invocation s300 = StepBenchmark.parse(new String[] {"step-300"});
    assertThat(s300.shape().targetL0()).isEqualTo(300);
    assertThat(s300.gemm()).isFalse();
    StepBenchmark.Invocation gemm = StepBenchmark.parse(new String[] {"gemm"});
    assertThat(gemm.step()).isFalse();
    assertThat(gemm.gemm()).isTrue();
    assertThat(StepBenchmark.parse(new String[] {"quick"}).shape()).isEqualTo(BenchShape.QUICK);
  }

  @Test
  void options_override_the_defaults() {
    StepBenchmark.Invocation i = StepBenchmark.parse(
        new String[] {"quick", "--reps", "4", "--warmup", "1", "--threads", "3", "--seed", "9", "--l0", "12"});
    assertThat(i.settings().repetitions()).isEqualTo(4);
    assertThat(i.settings().warmup()).isEqualTo(1);
    assertThat(i.settings().threads()).isEqualTo(3);
    assertThat(i.settings().seed()).isEqualTo(9);
    assertThat(i.shape().targetL0()).isEqualTo(12);
    assertThat(i.shape().features()).isEqualTo(BenchShape.QUICK.features());
  }

  @Test
  void rejects_unknown_mode_listing_the_known_ones() {
    assertThatThrownBy(() -> StepBenchmark.parse(new String[] {"fast"}))
        .hasMessage("unknown mode 'fast'; known: step, step-300, quick, gemm, backends");
  }

  @Test
  void step_with_an_architecture_runs_the_step_comparisons_on_the_big_shape_without_the_gemm() {
    StepBenchmark.Invocation i = StepBenchmark.parse(new String[] {"step", "--arch", "topk", "--l0", "32"});
    assertThat(i.step()).isTrue();
    assertThat(i.gemm()).isFalse();
    assertThat(i.architecture()).isEqualTo("topk");
    assertThat(i.shape().features()).isEqualTo(BenchShape.BIG_L0_64.features());
    assertThat(i.shape().targetL0()).isEqualTo(32);
    assertThat(StepBenchmark.parse(new String[] {"step", "--arch", "jumprelu"}).architecture()).isEqualTo("jumprelu");
    assertThat(StepBenchmark.parse(new String[] {"step"}).gemm()).isTrue();
    assertThatThrownBy(() -> StepBenchmark.parse(new String[] {"step", "--arch", "gated"}))
        .hasMessage("option --arch expects one of topk, batchtopk, jumprelu, got 'gated'");
    assertThatThrownBy(() -> StepBenchmark.parse(new String[] {"gemm", "--arch", "topk"}))
        .hasMessage("option --arch applies only to modes step, step-300 and quick");
  }

  @Test
  void rejects_unknown_option_and_bad_number_naming_them() {
    assertThatThrownBy(() -> StepBenchmark.parse(new String[] {"step", "--repz", "3"}))
        .hasMessageStartingWith("unknown option '--repz'");
    assertThatThrownBy(() -> StepBenchmark.parse(new String[] {"step", "--reps", "many"}))
        .hasMessage("option --reps expects a number, got 'many'");
    assertThatThrownBy(() -> StepBenchmark.parse(new String[] {"step", "--reps"}))
        .hasMessage("option --reps needs a value");
  }

  @Test
  void tables_show_median_min_max_and_the_ratio_of_medians() {
    StepComparison.Result step = new StepComparison.Result(new Timing("sae4j-jvm", new double[] {300, 100, 200}),
        new Timing("pytorch-djl", new double[] {1000, 1200, 900, 1100}), 63.5, 63.5, 1.25, 1.25);
    assertThat(step.speedup()).isEqualTo(1050.0 / 200.0);
    // The quick shape's 2.1 GFLOP at 100 GFLOP/s take 21.5 ms: the 200 ms median is 9.31 floors.
    FmaPeak.Result peak = new FmaPeak.Result(100, 2, 16);
    String table = StepBenchmark.stepTable(BenchShape.QUICK, step, peak);
    assertThat(table).contains("sae4j-jvm", "200.0", "100.0", "300.0", "5120", "pytorch-djl", "1050.0", "900.0",
        "1200.0", "step speedup (pytorch median / sae4j median): 5.25x",
        "floor (encoder product's 2.1 GFLOP at the FMA peak, 100.0 GFLOP/s): 21.5 ms; step / floor: 9.31");
    GemmComparison.Result gemm = new GemmComparison.Result(new Timing("a", new double[] {10}),
        new Timing("b", new double[] {8}), 2e9);
    assertThat(gemm.ratio()).isEqualTo(0.8);
    assertThat(StepBenchmark.gemmTable(BenchShape.QUICK, gemm, new FmaPeak.Result(400, 2, 16)))
        .contains("200.0", "250.0", "gemm ratio", "0.80", "a: 50 % of the FMA peak", "b: 63 % of the FMA peak");
  }

  @Test
  void harness_prints_both_tables_and_ends_with_the_result_line() {
    Fixtures.assumePyTorchLoads();
    StepBenchmark.Invocation tiny = new StepBenchmark.Invocation("quick", new BenchShape("tiny", 16, 64, 32, 4),
        true, true, new BenchSettings(1, 2, 2, 5, 2, 5.0e-5, 5.0));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StepBenchmark.run(tiny, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\\R");
    assertThat(lines[lines.length - 1])
        .matches("RESULT step_speedup_vs_pytorch=[0-9]+\\.[0-9]{2} gemm_ratio_vs_pytorch=[0-9]+\\.[0-9]{2}"
            + " step_vs_floor=[0-9]+\\.[0-9]{2} gemm_fraction_of_peak=[0-9]+\\.[0-9]{2} fma_peak_gflops=[0-9]+");
    assertThat(String.join("\n", lines)).contains("== training step: tiny n=16 m=64 B=32, target L0 4 ==",
        "== encoder GEMM X·W_eᵀ: tiny n=16 m=64 B=32", "measured L0 (timed steps)", "step  3 (timed)",
        "gemm  3 (timed)", "fp32 FMA peak before the comparisons", "fp32 FMA peak after the comparisons");
  }
}
