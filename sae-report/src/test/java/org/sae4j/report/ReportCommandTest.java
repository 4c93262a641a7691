package org.sae4j.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.core.cli.Main;

class ReportCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void theCliFindsTheReportCommandOnTheClassPath(@TempDir Path dir) {
    assertThat(run("report", "--run", dir.resolve("missing").toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing is not a run directory")
        .doesNotContain("not on the class path");
  }

  @Test
  void helpListsTheReportCommandAndItsOptions() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("report").contains("Writes the HTML report");
    out.reset();
    assertThat(run("report", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--run=DIR").contains("--descriptor=FILE.yaml")
        .contains("sae4j.reportPages");
  }
}
