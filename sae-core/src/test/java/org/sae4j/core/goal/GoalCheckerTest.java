package org.sae4j.core.goal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorReader;
import org.sae4j.core.run.Metrics;

class GoalCheckerTest {
  private static final ObjectMapper JSON = new ObjectMapper().enable(
      JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());

  @TempDir
  Path tmp;

  private Descriptor quickstart(String goals) throws Exception {
    Path file = tmp.resolve("quickstart.yaml");
    Files.writeString(file, """
        name: quickstart
        data: {source: synthetic, tokens: 100000, dim: 16, trueFeatures: 48}
        sae: {features: 64}
        goals:
        """ + goals);
    return DescriptorReader.read(file);
  }

  private static Metrics metrics(String json) throws IOException {
    return Metrics.fromJson(JSON.readTree(json));
  }

  @Test
  void passes_when_every_goal_is_met() throws Exception {
    Descriptor d = quickstart("  varianceExplained: \">= 0.9\"\n  l0: \"<= 300\"\n");
    GoalReport r = GoalChecker.check(d, metrics("{\"varianceExplained\": 0.951, \"l0\": 12.25}"));

    assertThat(r.passed()).isTrue();
    assertThat(r.failures()).isEmpty();
    assertThat(r.outcomes()).extracting(GoalOutcome::message).containsExactly(
        "quickstart: variance explained is 0.951 (minimum 0.900)",
        "quickstart: L0 is 12.3 (maximum 300.0)");
    assertThat(r.summary()).isEqualTo("quickstart: all 2 goals met");
  }

  @Test
  void check_fails_when_variance_explained_below_minimum() throws Exception {
    Descriptor d = quickstart("  varianceExplained: \">= 0.9\"\n  l0: \"<= 300\"\n");
    GoalReport r = GoalChecker.check(d, metrics("{\"varianceExplained\": 0.873, \"l0\": 12}"));

    assertThat(r.passed()).isFalse();
    assertThat(r.failures()).singleElement().extracting(GoalOutcome::message)
        .isEqualTo("quickstart: variance explained is 0.873, but expected minimum is 0.900");
    assertThat(r.summary()).isEqualTo("quickstart: 1 of 2 goals met");
  }

  @Test
  void check_fails_when_l0_above_maximum() throws Exception {
    Descriptor d = quickstart("  l0: \"<= 300\"\n");
    GoalOutcome o = GoalChecker.check(d, metrics("{\"l0\": 312.4}")).outcomes().getFirst();
    assertThat(o.passed()).isFalse();
    assertThat(o.value()).isEqualTo(312.4);
    assertThat(o.message()).isEqualTo("quickstart: L0 is 312.4, but expected maximum is 300.0");
  }

  @Test
  void rounds_toward_failing_so_a_near_miss_never_prints_as_the_threshold() throws Exception {
    Descriptor d = quickstart("  varianceExplained: \">= 0.9\"\n  l0: \"<= 300\"\n  deadFraction: \"< 0.05\"\n");
    GoalReport r = GoalChecker.check(d, metrics(
        "{\"varianceExplained\": 0.8996, \"l0\": 300.04, \"deadFraction\": 0.05}"));

    assertThat(r.outcomes()).extracting(GoalOutcome::message).containsExactly(
        "quickstart: variance explained is 0.8996, but expected minimum is 0.900",
        "quickstart: L0 is 300.04, but expected maximum is 300.0",
        "quickstart: dead fraction is 0.0500, but expected less than 0.0500");
  }

  @Test
  void strict_goal_met_by_a_hair_prints_enough_digits_to_show_it() throws Exception {
    Descriptor d = quickstart("  featureRecovery.mmcs: \"> 0.9\"\n");
    GoalOutcome o = GoalChecker.check(d, metrics("{\"featureRecovery\": {\"mmcs\": 0.90004}}")).outcomes().getFirst();
    assertThat(o.passed()).isTrue();
    assertThat(o.message()).isEqualTo("quickstart: feature recovery MMCS is 0.90004 (more than 0.900)");
  }

  @Test
  void fails_a_missing_metric_naming_it() throws Exception {
    Descriptor d = quickstart("  featureRecovery.mmcs: \">= 0.9\"\n  l0: \"<= 300\"\n");
    GoalReport r = GoalChecker.check(d, metrics("{\"l0\": 20, \"featureRecovery\": {\"recoveredAt09\": 0.8}}"));

    GoalOutcome missing = r.outcomes().getFirst();
    assertThat(missing.passed()).isFalse();
    assertThat(missing.value()).isNull();
    assertThat(missing.message()).isEqualTo("quickstart: metric featureRecovery.mmcs is missing from run.json");
    assertThat(r.outcomes().get(1).passed()).isTrue();
  }

  @Test
  void reads_dotted_metrics_from_nested_objects_or_flat_keys() throws Exception {
    Descriptor d = quickstart("  featureRecovery.mmcs: \">= 0.9\"\n  featureRecovery.recoveredAt09: \">= 0.5\"\n");
    GoalReport nested = GoalChecker.check(d, metrics(
        "{\"featureRecovery\": {\"mmcs\": 0.93, \"recoveredAt09\": 0.4}}"));
    GoalReport flat = GoalChecker.check(d, metrics(
        "{\"featureRecovery.mmcs\": 0.93, \"featureRecovery.recoveredAt09\": 0.4}"));

    assertThat(nested.outcomes()).extracting(GoalOutcome::value).containsExactly(0.93, 0.4);
    assertThat(flat.outcomes()).extracting(GoalOutcome::message).containsExactly(
        "quickstart: feature recovery MMCS is 0.930 (minimum 0.900)",
        "quickstart: share of features recovered at cos >= 0.9 is 0.400, but expected minimum is 0.500");
  }

  @Test
  void fails_nan_values_and_rejects_non_numeric_ones() throws Exception {
    Descriptor d = quickstart("  mse: \"<= 0.01\"\n  shrinkage: \"<= 1.1\"\n");
    GoalReport r = GoalChecker.check(d, metrics("{\"mse\": \"NaN\", \"shrinkage\": NaN}"));

    assertThat(r.outcomes()).extracting(GoalOutcome::passed).containsExactly(false, false);
    assertThat(r.outcomes().getFirst().message()).isEqualTo("quickstart: MSE is NaN, but expected maximum is 0.0100");
    assertThat(assertThrows(IllegalArgumentException.class, () -> metrics("{\"l1\": \"low\"}")).getMessage())
        .isEqualTo("metric l1 is not a number: \"low\"");
  }

  @Test
  void prints_an_aligned_table() throws Exception {
    Descriptor d = quickstart("  varianceExplained: \">= 0.9\"\n  featureRecovery.mmcs: \">= 0.9\"\n"
        + "  l0: \"<= 300\"\n");
    GoalReport r = GoalChecker.check(d, metrics("{\"varianceExplained\": 0.8996, \"l0\": 8.5}"));

    assertThat(r.table()).isEqualTo("""
        metric                goal      value    result
        --------------------  --------  -------  ------
        varianceExplained     >= 0.900  0.8996   FAIL
        featureRecovery.mmcs  >= 0.900  missing  FAIL
        l0                    <= 300.0  8.5      PASS
        """);
  }

  @Test
  void an_experiment_without_goals_passes() throws Exception {
    Descriptor d = quickstart("  {}\n");
    GoalReport r = GoalChecker.check(d, metrics("{}"));
    assertThat(r.passed()).isTrue();
    assertThat(r.summary()).isEqualTo("quickstart: all 0 goals met");
  }
}
