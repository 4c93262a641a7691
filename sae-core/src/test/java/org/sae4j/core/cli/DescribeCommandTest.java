package org.sae4j.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code describe} and {@code check --result}: the answers the Maven plugin reads instead of linking the engine. */
class DescribeCommandTest {
  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private Path descriptor(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml);
  }

  private static Properties read(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    return p;
  }

  private static final String SYNTHETIC = """
      name: tiny
      backend: jvm
      data:
        source: synthetic
        tokens: 1000
        dim: 4
        trueFeatures: 8
      sae:
        features: 8
      training:
        batchSize: 100
      goals:
        l0: "<= 3"
      """;

  @Test
  void describes_an_experiment_for_the_fork_that_runs_it() throws IOException {
    Path file = descriptor("tiny.yaml", SYNTHETIC);
    Path answer = dir.resolve("answer.properties");

    assertThat(run("describe", "--descriptor", file.toString(), "--output", dir.resolve("out").toString(),
        "--result", answer.toString())).isEqualTo(ExitCode.OK);

    Properties p = read(answer);
    assertThat(p).containsEntry("kind", "experiment").containsEntry("name", "tiny").containsEntry("backend", "jvm")
        .containsEntry("data.source", "synthetic").containsEntry("harvest", "false").containsEntry("analyze", "false")
        .containsEntry("runDirectory", dir.resolve("out").resolve("tiny").toAbsolutePath().toString())
        .doesNotContainKey("error");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void a_harvest_descriptor_says_it_needs_the_harvest_dependencies() throws IOException {
    Path answer = dir.resolve("answer.properties");

    assertThat(run("describe", "--descriptor", Path.of("../experiments/minilm-l3.yaml").toString(),
        "--result", answer.toString())).isEqualTo(ExitCode.OK);

    assertThat(read(answer)).containsEntry("data.source", "harvest").containsEntry("harvest", "true");
  }

  @Test
  void an_invalid_descriptor_is_answered_with_its_kind_and_the_message_naming_file_line_and_key()
      throws IOException {
    Path file = descriptor("bad.yaml", SYNTHETIC.replace("features: 8\ntraining", "features: lots\ntraining"));
    Path answer = dir.resolve("answer.properties");

    assertThat(run("describe", "--descriptor", file.toString(), "--result", answer.toString()))
        .isEqualTo(ExitCode.INVALID);

    Properties p = read(answer);
    assertThat(p).containsEntry("kind", "experiment").doesNotContainKey("name");
    assertThat(p.getProperty("error")).startsWith("invalid descriptor " + file.toAbsolutePath() + ":9:")
        .contains("sae.features");
  }

  @Test
  void an_unknown_backend_override_names_where_it_came_from_without_calling_the_descriptor_invalid()
      throws IOException {
    Path file = descriptor("tiny.yaml", SYNTHETIC);
    Path answer = dir.resolve("answer.properties");

    assertThat(run("describe", "--descriptor", file.toString(), "--backend", "cuda", "--backend-origin",
        "-Dsae.backend", "--result", answer.toString())).isEqualTo(ExitCode.INVALID);

    assertThat(read(answer).getProperty("error")).startsWith(file.toAbsolutePath() + ": backend: unknown backend"
        + " 'cuda' given by -Dsae.backend");
  }

  @Test
  void a_sweep_is_described_with_its_runners() throws IOException {
    Path answer = dir.resolve("answer.properties");

    assertThat(run("describe", "--descriptor", Path.of("../experiments/sweep-quickstart.yaml").toString(),
        "--result", answer.toString())).isEqualTo(ExitCode.OK);

    assertThat(read(answer)).containsEntry("kind", "sweep").containsEntry("name", "sweep-quickstart")
        .containsEntry("sweep.runner", "local").containsEntry("sweep.harvestRunner", "local")
        .containsEntry("sweep.runners", "local,spark");
  }

  @Test
  void check_with_a_result_file_writes_the_reason_there_instead_of_printing() throws IOException {
    Path file = descriptor("tiny.yaml", SYNTHETIC);
    Path answer = dir.resolve("answer.properties");

    assertThat(run("check", "--descriptor", file.toString(), "--output", dir.toString(), "--result",
        answer.toString())).isEqualTo(ExitCode.FAILED);

    assertThat(read(answer).getProperty("error")).startsWith("cannot check tiny: ").contains("run.json");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("goals missed");
  }

  @Test
  void check_writes_the_table_and_each_missed_goal_of_a_trained_run() throws IOException {
    Path file = descriptor("tiny.yaml", SYNTHETIC);
    String output = dir.resolve("out").toString();
    assertThat(run("train", "--descriptor", file.toString(), "--output", output, "--threads", "1")).isZero();
    assertThat(run("evaluate", "--descriptor", file.toString(), "--output", output, "--threads", "1")).isZero();
    out.reset();
    Path answer = dir.resolve("answer.properties");

    int status = run("check", "--descriptor", file.toString(), "--output", output, "--result", answer.toString());

    Properties p = read(answer);
    assertThat(p).containsEntry("experiment", "tiny").containsEntry("goals", "1");
    assertThat(p.getProperty("table")).startsWith("metric").contains("l0");
    int missed = Integer.parseInt(p.getProperty("missed"));
    assertThat(status).isEqualTo(missed == 0 ? ExitCode.OK : ExitCode.FAILED);
    if (missed == 1) {
      assertThat(p.getProperty("missed.1")).startsWith("tiny: L0 is ");
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("metric");
  }

  @Test
  void result_is_an_option_of_check_only() throws IOException {
    Path file = descriptor("tiny.yaml", SYNTHETIC);

    assertThat(run("train", "--descriptor", file.toString(), "--result", dir.resolve("a").toString()))
        .isEqualTo(ExitCode.INVALID);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--result is an option of check only");
  }
}
