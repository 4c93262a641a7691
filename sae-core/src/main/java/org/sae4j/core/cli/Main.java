package org.sae4j.core.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.sae4j.core.Engine;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.DescriptorReader;
import org.sae4j.core.goal.GoalOutcome;
import org.sae4j.core.goal.GoalReport;
import org.sae4j.core.reproduce.InvalidRunException;
import org.sae4j.core.reproduce.Reproducer;
import org.sae4j.kernels.BackendProvider;
import org.sae4j.kernels.Backends;
import org.sae4j.store.StoreException;

/**
 * The engine's command line: {@code generate | train | evaluate | check | run | reproduce | doctor}. The Maven plugin
 * forks it; it is just as usable on its own. Exit codes: 0 success, 1 a missed goal, a run that did not reproduce or a
 * failure, 2 invalid input (descriptor, data, run directory, arguments), with the reason on standard error.
 */
public final class Main {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int INVALID = 2;

  private Main() {
  }

  public static void main(String[] args) {
    // One PyTorch thread per forward pass lets the harvester run a batch on every core, which measured faster on
    // small machines than one batch over all cores; an explicit setting wins.
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", "1");
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command; returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli;
    try {
      cli = CommandLine.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("ERROR " + e.getMessage());
      err.println(CommandLine.USAGE);
      return INVALID;
    }
    if (cli.command().equals("doctor")) {
      doctor(out);
      return OK;
    }
    Consumer<String> log = line -> {
      out.println(line);
      out.flush();
    };
    try {
      if (cli.command().equals("reproduce")) {
        return Reproducer.reproduce(cli.run(), cli.threads(), log).identical() ? OK : FAILED;
      }
      Descriptor descriptor = DescriptorReader.read(cli.descriptor());
      if (cli.backend() != null) {
        descriptor = descriptor.withBackend(cli.backend(), "--backend");
      }
      Engine engine = new Engine(descriptor, cli.output(), cli.threads(), log);
      return switch (cli.command()) {
        case "generate" -> {
          engine.generate();
          yield OK;
        }
        case "train" -> {
          engine.train();
          yield OK;
        }
        case "evaluate" -> {
          engine.evaluate();
          yield OK;
        }
        case "check" -> check(engine, out);
        case "run" -> {
          engine.train();
          engine.evaluate();
          yield check(engine, out);
        }
        default -> throw new IllegalStateException("unhandled command " + cli.command());
      };
    } catch (DescriptorException | StoreException | InvalidRunException | IllegalArgumentException e) {
      err.println("ERROR " + e.getMessage());
      return INVALID;
    } catch (IOException | IllegalStateException e) {
      err.println("ERROR " + e.getMessage());
      return FAILED;
    }
  }

  private static int check(Engine engine, PrintStream out) throws IOException {
    GoalReport report = engine.check();
    out.println(report.table());
    for (GoalOutcome o : report.outcomes()) {
      if (!o.passed()) {
        out.println("WARN " + o.message());
      }
    }
    out.println(report.passed() ? "all goals met" : "goals missed");
    return report.passed() ? OK : FAILED;
  }

  private static void doctor(PrintStream out) {
    out.println("java " + System.getProperty("java.version") + " (" + System.getProperty("java.home") + ")");
    out.println("cores " + Runtime.getRuntime().availableProcessors() + ", max heap "
        + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
    for (BackendProvider p : Backends.providers()) {
      BackendProvider.Availability a = p.availability();
      out.println("backend " + p.name() + ": " + (a.available() ? "available, " : "NOT available, ") + a.reason());
    }
  }

  /** Parsed arguments. */
  record CommandLine(String command, Path descriptor, Path output, int threads, String backend, Path run) {
    static final String USAGE = """
        usage: sae4j <generate|train|evaluate|check|run|doctor> --descriptor FILE.yaml [--output DIR]
                     [--threads N] [--backend auto|jvm|tornadovm]
               sae4j reproduce --run DIR [--threads N]
          --output   run and data directory (default target/sae)
          --threads  backend worker threads (default: available processors)
          --run      a finished run directory (e.g. target/sae/<name>) to retrain and compare bit for bit""";
    static final Path DEFAULT_OUTPUT = Path.of("target", "sae");

    static CommandLine parse(String[] args) {
      if (args.length == 0) {
        throw new IllegalArgumentException("no command given");
      }
      String command = args[0];
      if (!command.matches("generate|train|evaluate|check|run|reproduce|doctor")) {
        throw new IllegalArgumentException("unknown command '" + command + "'");
      }
      Path descriptor = null;
      Path output = DEFAULT_OUTPUT;
      int threads = Runtime.getRuntime().availableProcessors();
      String backend = null;
      Path run = null;
      for (int i = 1; i < args.length; i++) {
        String flag = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String value = args[++i];
        switch (flag) {
          case "--descriptor" -> descriptor = Path.of(value);
          case "--output" -> output = Path.of(value);
          case "--threads" -> threads = parseThreads(value);
          case "--backend" -> backend = value;
          case "--run" -> run = Path.of(value);
          default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
        }
      }
      if (command.equals("reproduce") != (run != null)) {
        throw new IllegalArgumentException(run == null ? "reproduce needs --run DIR" : "--run is only for reproduce");
      }
      if (run != null && (descriptor != null || backend != null || !output.equals(DEFAULT_OUTPUT))) {
        throw new IllegalArgumentException("reproduce takes only --run DIR [--threads N]: the run directory holds its"
            + " descriptor and data location, and reproduce always retrains on the jvm backend");
      }
      if (descriptor == null && !command.matches("doctor|reproduce")) {
        throw new IllegalArgumentException(command + " needs --descriptor FILE.yaml");
      }
      return new CommandLine(command, descriptor, output, threads, backend, run);
    }

    private static int parseThreads(String value) {
      try {
        int n = Integer.parseInt(value);
        if (n >= 1) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below with the accepted range
      }
      throw new IllegalArgumentException("--threads must be a whole number >= 1, got '" + value + "'");
    }
  }
}
