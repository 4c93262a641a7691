package org.sae4j.sweep.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.sae4j.core.cli.Main;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.SweepDescriptor;
import org.sae4j.core.descriptor.SweepReader;
import org.sae4j.core.goal.GoalOutcome;
import org.sae4j.core.goal.GoalReport;
import org.sae4j.sweep.Runners;
import org.sae4j.sweep.Sweep;

/**
 * The sweep command line: {@code run | check}. The Maven plugin's {@code sae:sweep} forks it; it is as usable on
 * its own. Exit codes as the engine's CLI: 0 success, 1 a missed goal or a failure, 2 invalid input.
 */
public final class SweepMain {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int INVALID = 2;
  static final String USAGE = """
      usage: sae4j-sweep <run|check> --descriptor SWEEP.yaml [--output DIR] [--threads N]
                         [--backend auto|jvm|tornadovm] [--runner local|spark] [--parent-pid PID]
        run      train and evaluate every point not yet complete, fit the scaling laws, write sweep.json and sweep.md
        check    check the sweep's goals against sweep.json
        --output   sweep and data directory (default target/sae)
        --threads  worker threads of the whole sweep (default: available processors)
        --runner   overrides sweep.runner and harvest.runner
        --parent-pid  stop when process PID ends (the Maven plugin passes its own)
      exit codes: 0 success, 1 a missed goal or a failed run, 2 invalid input (descriptor, data, arguments)""";

  private SweepMain() {
  }

  public static void main(String[] args) {
    Main.usePyTorchThreadPerPass();
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command; returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Arguments a;
    try {
      a = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("ERROR " + e.getMessage());
      err.println(USAGE);
      return INVALID;
    }
    if (a.parentPid() > 0) {
      Main.watchParent(a.parentPid(), err);
    }
    SweepDescriptor sweep = null;
    try {
      sweep = SweepReader.read(a.descriptor());
      if (a.backend() != null) {
        sweep = sweep.withBackend(a.backend(), "--backend");
      }
      Sweep s = new Sweep(sweep, a.output(), a.threads(), line -> {
        out.println(line);
        out.flush();
      });
      if (a.command().equals("run")) {
        s.run(Runners.points(a.runner() != null ? a.runner() : sweep.settings().runner()),
            Runners.harvest(a.runner() != null ? a.runner() : sweep.settings().harvestRunner()));
        return OK;
      }
      GoalReport report = s.check();
      out.println(report.table());
      for (GoalOutcome o : report.failures()) {
        out.println("WARN " + o.message());
      }
      out.println(report.passed() ? "all goals met" : "goals missed");
      return report.passed() ? OK : FAILED;
    } catch (DescriptorException | IOException | RuntimeException | OutOfMemoryError e) {
      return Main.report(e, sweep == null ? null : sweep.experiment(), a.output(), err);
    }
  }

  /** Parsed arguments. */
  record Arguments(String command, Path descriptor, Path output, int threads, String backend, String runner,
                   long parentPid) {
    static Arguments parse(String[] args) {
      if (args.length == 0 || !args[0].matches("run|check")) {
        throw new IllegalArgumentException(args.length == 0 ? "no command given" : "unknown command '" + args[0]
            + "'");
      }
      Path descriptor = null;
      Path output = Path.of("target", "sae");
      int threads = Runtime.getRuntime().availableProcessors();
      String backend = null;
      String runner = null;
      long parentPid = 0;
      for (int i = 1; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        String value = args[i + 1];
        switch (args[i]) {
          case "--descriptor" -> descriptor = Path.of(value);
          case "--output" -> output = Path.of(value);
          case "--threads" -> threads = (int) Main.positive(args[i], value, Integer.MAX_VALUE);
          case "--parent-pid" -> parentPid = Main.positive(args[i], value, Long.MAX_VALUE);
          case "--backend" -> backend = value;
          case "--runner" -> runner = value;
          default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
        }
      }
      if (descriptor == null) {
        throw new IllegalArgumentException(args[0] + " needs --descriptor SWEEP.yaml");
      }
      return new Arguments(args[0], descriptor, output, threads, backend, runner, parentPid);
    }
  }
}
