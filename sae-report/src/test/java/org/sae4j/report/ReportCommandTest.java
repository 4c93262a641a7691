package org.sae4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.core.cli.ExtraCommand;

class ReportCommandTest {

  @Test
  void theCliFindsTheReportCommandOnTheClassPath(@TempDir Path dir) {
    ExtraCommand report = ServiceLoader.load(ExtraCommand.class).stream().map(ServiceLoader.Provider::get)
        .filter(c -> c.name().equals("report")).findFirst().orElseThrow();
    assertThat(report).isInstanceOf(ReportCommand.class);
    PrintStream out = new PrintStream(new ByteArrayOutputStream());
    assertThatThrownBy(() -> report.run(dir.resolve("missing"), 1, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing is not a run directory");
  }
}
