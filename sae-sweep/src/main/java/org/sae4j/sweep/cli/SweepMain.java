package org.sae4j.sweep.cli;

import java.io.PrintStream;
import java.util.stream.Stream;
import org.sae4j.core.cli.Main;

/**
 * The sweep's entry point for a fork or {@code spark-submit}: {@code SweepMain run|check …} is {@code sae4j sweep
 * run|check …} ({@link SweepCommand}), with the engine's options, messages and exit codes (0 success, 1 a missed
 * goal or a failure, 2 invalid input).
 */
public final class SweepMain {
  private SweepMain() {
  }

  public static void main(String[] args) {
    Main.usePyTorchThreadPerPass();
    System.exit(run(args, System.out, System.err));
  }

  /** Runs {@code sweep ARGS…}; returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return Main.run(Stream.concat(Stream.of("sweep"), Stream.of(args)).toArray(String[]::new), out, err);
  }
}
