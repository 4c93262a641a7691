package org.sae4j.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sae4j.core.analysis.AnalysisOutputs;
import org.sae4j.core.analysis.HarvestedRun;

/** {@code search}, {@code steer} and {@code attribute --run DIR}: answers, and every bad input rejected by name. */
class ExploreCommandTest {
  @TempDir
  Path tmp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static String harvested() {
    return HarvestedRun.engine().layout().runDirectory().toString();
  }

  @Test
  void search_steer_and_attribute_answer_on_an_evaluated_harvested_run_and_change_nothing() throws Exception {
    Path runJson = HarvestedRun.engine().layout().runJson();
    String before = Files.readString(runJson);
    assertThat(run("search", "--run", harvested(), "--prompt", "the whale and the sea", "--top", "3"))
        .as(err()).isEqualTo(ExitCode.OK);
    assertThat(out()).contains("## Prompt: the whale and the sea").contains("| feature | max | mean | peak token |")
        .containsPattern("search answered in [0-9.]+ s");
    int fired = new ObjectMapper().readTree(AnalysisOutputs.figures(HarvestedRun.engine().layout(),
        "topContexts").toFile()).path("features").get(0).path("feature").asInt();
    assertThat(run("steer", "--run", harvested(), "--feature", Integer.toString(fired), "--prompt",
        "the whale and the sea", "--multipliers", "-1,1")).as(err()).isEqualTo(ExitCode.OK);
    assertThat(out()).contains("## Feature " + fired + " on \"the whale and the sea\"").contains("identity check");
    assertThat(run("attribute", "--run", harvested(), "--prompt", "the whale and the sea", "--target",
        "a ship on the ocean")).as(err()).isEqualTo(ExitCode.OK);
    assertThat(out()).contains("# Attribution against ablation").contains("attribution vs ablation");
    assertThat(Files.readString(runJson)).isEqualTo(before);
  }

  @Test
  void an_unknown_feature_is_rejected_with_the_dictionary_size() {
    assertThat(run("steer", "--run", harvested(), "--feature", "5000", "--prompt", "the sea"))
        .isEqualTo(ExitCode.INVALID);
    assertThat(err()).contains("ERROR feature 5000 does not exist: the dictionary has 128 features (0 … 127)");
  }

  @Test
  void empty_prompts_and_bad_multipliers_are_rejected_before_any_work() {
    assertThat(run("search", "--run", harvested(), "--prompt", "  ")).isEqualTo(ExitCode.INVALID);
    assertThat(err()).contains("ERROR --prompt is empty: give some text");
    assertThat(run("steer", "--run", harvested(), "--feature", "1", "--prompt", "sea", "--multipliers", "-2,0,2"))
        .isEqualTo(ExitCode.INVALID);
    assertThat(err()).contains("ERROR --multipliers: multiplier 0 is not allowed");
    assertThat(run("attribute", "--run", harvested(), "--prompt", "sea")).isEqualTo(ExitCode.INVALID);
    assertThat(err()).contains("ERROR Missing required option: '--target=TEXT'");
    assertThat(run("search", "--prompt", "sea")).isEqualTo(ExitCode.INVALID);
    assertThat(err()).contains("ERROR Missing required option: '--run=DIR'");
  }

  @Test
  void a_run_without_a_checkpoint_is_rejected_naming_the_missing_file() throws Exception {
    Path copy = tmp.resolve(HarvestedRun.NAME);
    Files.createDirectories(copy);
    Path original = HarvestedRun.engine().layout().runDirectory();
    Files.copy(original.resolve("run.json"), copy.resolve("run.json"));
    Files.copy(original.resolve("descriptor.yaml"), copy.resolve("descriptor.yaml"));
    assertThat(run("search", "--run", copy.toString(), "--prompt", "the sea")).isEqualTo(ExitCode.INVALID);
    assertThat(err()).contains("ERROR checkpoint file " + copy.resolve("checkpoint"));
  }

  @Test
  void a_run_on_synthetic_data_is_rejected_because_there_is_no_model() throws Exception {
    Path file = tmp.resolve("synth.yaml");
    Files.writeString(file, """
        name: synth
        data:
          source: synthetic
          tokens: 6000
          evalTokens: 1000
          dim: 8
          trueFeatures: 16
        sae:
          features: 16
        training:
          batchSize: 100
        """);
    String output = tmp.resolve("out").toString();
    assertThat(run("train", "--descriptor", file.toString(), "--output", output, "--threads", "1")).as(err())
        .isEqualTo(ExitCode.OK);
    assertThat(run("evaluate", "--descriptor", file.toString(), "--output", output, "--threads", "1")).as(err())
        .isEqualTo(ExitCode.OK);
    String synth = tmp.resolve("out/synth").toString();
    assertThat(run("search", "--run", synth, "--prompt", "the sea")).isEqualTo(ExitCode.INVALID);
    assertThat(err()).contains("synth was trained on data.source synthetic, but search needs data.source harvest");
    assertThat(run("steer", "--run", synth, "--feature", "1", "--prompt", "the sea")).isEqualTo(ExitCode.INVALID);
    assertThat(err()).contains("synth was trained on data.source synthetic, but steering needs data.source harvest");
    assertThat(run("attribute", "--run", synth, "--prompt", "the sea", "--target", "a ship"))
        .isEqualTo(ExitCode.INVALID);
    assertThat(err()).contains("synth was trained on data.source synthetic, but attribution needs data.source "
        + "harvest");
  }
}
