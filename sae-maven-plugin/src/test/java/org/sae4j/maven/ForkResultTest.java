package org.sae4j.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ForkResultTest {

  private static final Path LOG = Path.of("/t/sae/quickstart/train.log");
  private static final Path JAVA = Path.of("/usr/bin/java");

  @Test
  void exit_zero_is_no_failure() {
    assertThat(new ForkResult(0, LOG, false).failure("sae:train", JAVA)).isEmpty();
  }

  @Test
  void invalid_input_names_the_goal_exit_code_and_log() {
    assertThat(new ForkResult(2, LOG, false).failure("sae:train", JAVA)).hasValue(
        "sae:train failed: the engine rejected its input (exit code 2); the reason is logged above and in "
            + LOG);
  }

  @Test
  void other_exit_codes_name_the_goal_exit_code_and_log() {
    assertThat(new ForkResult(137, LOG, false).failure("sae:evaluate", JAVA)).hasValue(
        "sae:evaluate failed: the engine exited with code 137; see " + LOG);
  }

  @Test
  void old_java_is_named_with_the_fix() {
    assertThat(new ForkResult(1, LOG, true).failure("sae:generate", JAVA)).hasValueSatisfying(m -> assertThat(m)
        .startsWith("sae:generate failed: /usr/bin/java is older than Java 25")
        .contains("UnsupportedClassVersionError", "exit code 1", "sae.jvm", LOG.toString()));
  }

  @Test
  void a_fork_without_a_log_points_at_the_output_above() {
    assertThat(new ForkResult(2, null, false).failure("sae:check", JAVA)).hasValue(
        "sae:check failed: the engine rejected its input (exit code 2); the reason is logged above");
    assertThat(new ForkResult(1, null, false).failure("sae:check", JAVA)).hasValue(
        "sae:check failed: the engine exited with code 1; see the output above");
  }
}
