package org.sae4j.core.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.sae4j.core.descriptor.Descriptor;

/** Prints why a command failed, as {@code ERROR …} lines, and gives its exit code ({@link ExitCode}). */
final class Failure {

  private Failure() {
  }

  /**
   * Reports {@code e}: out of memory as what the run needs and how to give it, an expected failure by its message, a
   * bug with its stack trace.
   *
   * @param descriptor the experiment, or null when it was not read
   * @param output the output directory, or null
   */
  static int report(Throwable e, Descriptor descriptor, Path output, PrintWriter err) {
    if (OutOfMemoryMessage.isCause(e)) {
      Runtime rt = Runtime.getRuntime();
      for (String line : OutOfMemoryMessage.lines(descriptor, output, rt.totalMemory() - rt.freeMemory(),
          rt.maxMemory())) {
        err.println("ERROR " + line);
      }
      err.flush();
      return ExitCode.FAILED;
    }
    if (ExitCode.expected(e)) {
      err.println("ERROR " + ExitCode.message(e));
    } else {
      err.println("ERROR internal error: " + e);
      e.printStackTrace(err);
    }
    err.flush();
    return ExitCode.of(e);
  }
}
