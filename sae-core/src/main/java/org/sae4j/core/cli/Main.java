package org.sae4j.core.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.sae4j.core.Engine;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.DescriptorReader;
import org.sae4j.core.goal.GoalOutcome;
import org.sae4j.core.goal.GoalReport;
import org.sae4j.kernels.BackendProvider;
import org.sae4j.kernels.Backends;
import org.sae4j.store.StoreException;

/**
 * The engine's command line: {@code generate | train | evaluate | check | run | doctor}. The Maven plugin forks it;
 * it is just as usable on its own. Exit codes: 0 success, 1 a missed goal or a failure, 2 invalid input (descriptor,
 * data, arguments), with the reason on standard error.
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
    try {
      Descriptor descriptor = DescriptorReader.read(cli.descriptor());
      if (cli.backend() != null) {
        descriptor = descriptor.withBackend(cli.backend());
      }
      Engine engine = new Engine(descriptor, cli.output(), cli.threads(), line -> {
        out.println(line);
        out.flush();
      });
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
    } catch (DescriptorException | StoreException | IllegalArgumentException e) {
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
  record CommandLine(String command, Path descriptor, Path output, int threads, String backend) {
    static final String USAGE = """
        usage: sae4j <generate|train|evaluate|check|run|doctor> --descriptor FILE.yaml [--output DIR]
                     [--threads N] [--backend auto|jvm|tornadovm]
          --output   run and data directory (default target/sae)
          --threads  backend worker threads (default: available processors)""";

    static CommandLine parse(String[] args) {
      if (args.length == 0) {
        throw new IllegalArgumentException("no command given");
      }
      String command = args[0];
      if (!command.matches("generate|train|evaluate|check|run|doctor")) {
        throw new IllegalArgumentException("unknown command '" + command + "'");
      }
      Path descriptor = null;
      Path output = Path.of("target", "sae");
      int threads = Runtime.getRuntime().availableProcessors();
      String backend = null;
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
          default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
        }
      }
      if (descriptor == null && !command.equals("doctor")) {
        throw new IllegalArgumentException(command + " needs --descriptor FILE.yaml");
      }
      return new CommandLine(command, descriptor, output, threads, backend);
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
