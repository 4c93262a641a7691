package org.sae4j.core.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweep descriptors: the points they expand to, and bad ones rejected by file, key path and line. */
class SweepReaderTest {
  /** Lines 1-12: an experiment without data.tokens; line 13 starts the sweep section. */
  private static final String BASE = """
      name: sw
      seed: 3
      data:
        source: synthetic
        evalTokens: 10000
        dim: 16
        trueFeatures: 48
      sae:
        features: 64
      training:
        batchSize: 1024
        lr: 0.001
      sweep:
      """;

  @TempDir
  Path dir;

  private SweepDescriptor read(String yaml) throws DescriptorException {
    return SweepReader.read(Descriptors.write(dir, "sweep.yaml", yaml));
  }

  private DescriptorException reject(String yaml) {
    DescriptorException e = assertThrows(DescriptorException.class, () -> read(yaml));
    assertThat(e.file()).isEqualTo(dir.resolve("sweep.yaml").toAbsolutePath().normalize());
    return e;
  }

  @Test
  void a_grid_expands_to_ordinary_experiments_sharing_one_data_set() throws Exception {
    SweepDescriptor s = read(BASE + """
          grid:
            sae.features: [32, 64]
            training.tokens: [20000, 40000, 80000]
          lr:
            values: [0.0003, 0.003]
            at: [{sae.features: 64, training.tokens: 40000}]
          parallel: 2
        goals:
          fit.frontier.r2: ">= 0.9"
          fit: {lr: {exponent: "< 0"}}
          everyPoint.deadFraction: "<= 0.5"
        """);

    assertThat(s.design()).isEqualTo(SweepDescriptor.Design.GRID);
    assertThat(s.points()).extracting(SweepPoint::id).containsExactly("f32-t20k-lr0.001", "f32-t40k-lr0.001",
        "f32-t80k-lr0.001", "f64-t20k-lr0.001", "f64-t40k-lr0.001", "f64-t80k-lr0.001", "f64-t40k-lr0.0003",
        "f64-t40k-lr0.003");
    SweepPoint p = s.point("f64-t80k-lr0.001");
    assertThat(p.descriptor().name()).isEqualTo(p.id());
    assertThat(p.tokens()).isEqualTo(80_000);
    assertThat(p.descriptor().goals()).isEmpty();
    // the data set is made once, at the largest token count plus the held-out tokens
    assertThat(s.points()).allMatch(q -> q.descriptor().data().tokens() == 90_000);
    assertThat(s.points().stream().map(q -> DescriptorHash.ofData(q.descriptor())).distinct()).hasSize(1);
    assertThat(s.points().stream().map(q -> DescriptorHash.of(q.descriptor())).distinct()).hasSize(8);
    assertThat(s.point("f64-t40k-lr0.003").roles()).containsExactly(SweepPoint.Role.LR);
    assertThat(s.settings().parallel()).isEqualTo(2);
    assertThat(s.goals()).extracting(Goal::metric).containsExactly("fit.frontier.r2", "fit.lr.exponent",
        "everyPoint.deadFraction");
  }

  @Test
  void an_isoflop_design_derives_tokens_from_each_budget() throws Exception {
    SweepDescriptor s = read(BASE + """
          isoflop:
            budgets: [1.0e11, 4.0e11]
            sae.features: [32, 64, 128]
        """);
    assertThat(s.design()).isEqualTo(SweepDescriptor.Design.ISOFLOP);
    // tokens = C / (6·16·m), rounded down to whole batches of 1024
    assertThat(s.points().getFirst().id()).isEqualTo("f32-t32551936");
    assertThat(s.points().getFirst().tokens()).isEqualTo((long) Math.floor(1e11 / (6.0 * 16 * 32) / 1024) * 1024);
    assertThat(s.points()).hasSize(6).allMatch(p -> p.budget() != null && p.roles().contains(SweepPoint.Role.ISOFLOP));
  }

  @Test
  void a_token_count_above_the_data_set_names_the_list_item() {
    DescriptorException e = reject(BASE.replace("  evalTokens: 10000\n", "  tokens: 50000\n  evalTokens: 10000\n")
        + """
          grid:
            training.tokens: [20000, 45000]
        """);
    assertThat(e.keyPath()).isEqualTo("sweep.grid.training.tokens[1]");
    assertThat(e.line()).isEqualTo(16);
    assertThat(e.getMessage()).contains("45000 is more than the 40000 training tokens of the data set");
  }

  @Test
  void an_axis_on_a_key_that_does_not_exist_is_named_with_a_suggestion() {
    DescriptorException e = reject(BASE + """
          grid:
            sae.featurs: [32, 64]
        """);
    assertThat(e.keyPath()).isEqualTo("sweep.grid.sae.featurs");
    assertThat(e.line()).isEqualTo(15);
    assertThat(e.getMessage()).contains("no descriptor key sae.featurs can be swept; did you mean sae.features?");
    DescriptorException notAxis = reject(BASE + """
          grid:
            training:
              batchSize: [256, 512]
        """);
    assertThat(notAxis.keyPath()).isEqualTo("sweep.grid.training.batchSize");
    assertThat(notAxis.line()).isEqualTo(16);
  }

  @Test
  void empty_lists_bad_values_and_bad_goals_are_rejected_by_name() {
    DescriptorException empty = reject(BASE + "  grid:\n    sae.features: []\n");
    assertThat(empty.keyPath()).isEqualTo("sweep.grid.sae.features");
    assertThat(empty.getMessage()).contains("the list is empty");

    DescriptorException value = reject(BASE + "  grid:\n    sae.features: [32, lots]\n    training.tokens: [2048]\n");
    assertThat(value.keyPath()).isEqualTo("sweep.grid.sae.features[1]");
    assertThat(value.line()).isEqualTo(15);
    assertThat(value.getMessage()).contains("expected an integer");

    DescriptorException twice = reject(BASE + "  grid:\n    training.lr: [0.001, 1.0e-3]\n");
    assertThat(twice.keyPath()).isEqualTo("sweep.grid.training.lr[1]");
    assertThat(twice.getMessage()).contains("listed twice");

    DescriptorException goal = reject(BASE + "  grid:\n    sae.features: [32, 64]\n"
        + "    training.tokens: [4096]\ngoals:\n  fit.frontier.exponnt: \"> 0\"\n");
    assertThat(goal.keyPath()).isEqualTo("goals.fit.frontier.exponnt");
    assertThat(goal.getMessage()).contains("did you mean fit.frontier.exponent?");

    DescriptorException lrGoal = reject(BASE + "  grid:\n    sae.features: [32, 64]\n"
        + "    training.tokens: [4096]\ngoals:\n  fit.lr.exponent: \"< 0\"\n");
    assertThat(lrGoal.getMessage()).contains("needs a learning-rate axis");

    DescriptorException design = reject(BASE + "  parallel: 2\n");
    assertThat(design.keyPath()).isEqualTo("sweep");
    assertThat(design.getMessage()).contains("neither grid nor isoflop is given");
  }

  @Test
  void point_goals_name_what_an_experiment_goal_may_name() throws Exception {
    String grid = BASE + "  grid: {sae.features: [32, 64], training.tokens: [4096]}\ngoals:\n";
    SweepDescriptor s = read(grid + "  everyPoint.featureRecovery.mmcs: \">= 0.5\"\n"
        + "  frontierPoint.loss: \"< 3\"\n");
    assertThat(s.goals()).extracting(Goal::info).containsExactly(
        SweepGoalKey.point(SweepGoalKey.Kind.EVERY_POINT, GoalMetric.FEATURE_RECOVERY_MMCS),
        SweepGoalKey.point(SweepGoalKey.Kind.FRONTIER_POINT, null));

    DescriptorException source = reject(grid + "  everyPoint.fidelity.recovered: \">= 0.5\"\n");
    assertThat(source.keyPath()).isEqualTo("goals.everyPoint.fidelity.recovered");
    assertThat(source.line()).isEqualTo(16);
    assertThat(source.getMessage()).contains("metric fidelity.recovered exists only for data.source harvest");
    DescriptorException notRun = reject(grid + "  frontierPoint.analysis.steering.signShare: \">= 0.5\"\n");
    assertThat(notRun.keyPath()).isEqualTo("goals.frontierPoint.analysis.steering.signShare");
    assertThat(notRun.getMessage()).contains("names analysis 'steering', which this descriptor does not run");
    DescriptorException unknown = reject(grid + "  everyPoint.l00: \"<= 3\"\n");
    assertThat(unknown.getMessage()).contains("unknown sweep goal everyPoint.l00; did you mean everyPoint.l0?");
  }

  @Test
  void an_analysis_the_points_would_not_run_is_refused_at_its_key() throws Exception {
    Files.writeString(dir.resolve("corpus.txt"), "Call me Ishmael.\n");
    DescriptorException e = reject("""
        name: sw
        data:
          source: harvest
          model: all-minilm-l6-v2
          hook: blocks.3.resid_post
          corpus: [corpus.txt]
          evalTokens: 10000
        sweep:
          grid: {sae.features: [32, 64], training.tokens: [4096]}
        analysis:
          attribution:
            target: "The whale ship sailed across the ocean."
            prompts: ["The harpooneers lowered the boats."]
        """);
    assertThat(e.keyPath()).isEqualTo("analysis.attribution");
    assertThat(e.line()).isEqualTo(11);
    assertThat(e.getMessage()).contains("runs in sae:analyze, which a sweep's points do not run");
  }

  @Test
  void a_harvest_section_needs_harvested_data() {
    DescriptorException e = reject(BASE + "  grid: {sae.features: [32, 64], training.tokens: [2048]}\n"
        + "harvest:\n  shardTokens: 1000\n");
    assertThat(e.keyPath()).isEqualTo("harvest");
    assertThat(e.getMessage()).contains("a harvest section needs data.source harvest");
  }

  @Test
  void is_sweep_tells_sweeps_from_experiments() {
    assertThat(SweepReader.isSweep(Descriptors.write(dir, "s.yaml", BASE + "  grid: {sae.features: [1, 2]}\n")))
        .isTrue();
    assertThat(SweepReader.isSweep(Descriptors.resource("minimal.yaml"))).isFalse();
    assertThat(SweepReader.AXES).isEqualTo(List.of("sae.features", "training.tokens", "training.lr", "training.l1"));
  }
}
