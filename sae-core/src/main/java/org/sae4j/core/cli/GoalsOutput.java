package org.sae4j.core.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.sae4j.core.goal.GoalOutcome;
import org.sae4j.core.goal.GoalReport;

/**
 * How {@code check} and {@code sweep check} answer: the goals table, a {@code WARN} line per missed goal and the
 * verdict on standard output, or, with {@code --result FILE}, all of it in a {@link ResultFile} for the Maven plugin,
 * which logs it in its own words (and prints the table under {@code -q}).
 */
public final class GoalsOutput {

  /** The check itself: the report, or an I/O error saying why there is none (no run.json, a stale one). */
  @FunctionalInterface
  public interface Check {
    /** Checks the goals. */
    GoalReport run() throws IOException;
  }

  private GoalsOutput() {
  }

  /**
   * Runs {@code check} and shows its outcome.
   *
   * @param name the experiment or sweep, for the result file's error
   * @param result the result file, or null to print
   * @return the exit code: 0 every goal met, 1 a goal missed (or, with a result file, no report)
   * @throws IOException from the check when printing
   */
  public static int show(String name, Check check, PrintWriter out, Path result) throws IOException {
    if (result != null) {
      try {
        GoalReport report = check.run();
        ResultFile.write(result, ResultFile.goals(report));
        return report.passed() ? ExitCode.OK : ExitCode.FAILED;
      } catch (IOException e) {
        ResultFile.write(result, ResultFile.error("cannot check " + name + ": " + e.getMessage()));
        return ExitCode.FAILED;
      }
    }
    GoalReport report = check.run();
    out.println(report.table());
    for (GoalOutcome o : report.failures()) {
      out.println("WARN " + o.message());
    }
    out.println(report.passed() ? "all goals met" : "goals missed");
    out.flush();
    return report.passed() ? ExitCode.OK : ExitCode.FAILED;
  }
}
