package org.sae4j.core.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A CLI command that lives in a module above the engine, found with {@link java.util.ServiceLoader} when that module
 * is on the class path (list the class in {@code META-INF/services/org.sae4j.core.cli.ExtraCommand}). The engine
 * cannot depend on such modules (the report's charting library and template engine stay out of it), so
 * {@link Main} looks its commands up by name instead: {@code report} comes from {@code sae-report}.
 */
public interface ExtraCommand {

  /** The command's name on the command line. */
  String name();

  /**
   * Runs the command on a finished run's directory.
   *
   * @param runDirectory {@code <output>/<name>/}, holding run.json
   * @param threads worker threads it may use
   * @param out progress lines
   * @return the exit code (0 success, 1 failure, 2 invalid input)
   * @throws IOException naming a file that is missing or unreadable
   */
  int run(Path runDirectory, int threads, PrintStream out) throws IOException;
}
