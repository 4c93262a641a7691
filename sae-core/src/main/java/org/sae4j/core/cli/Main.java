package org.sae4j.core.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import org.sae4j.core.Engine;
import org.sae4j.core.analysis.Stage;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.DescriptorReader;
import org.sae4j.core.goal.GoalOutcome;
import org.sae4j.core.goal.GoalReport;
import org.sae4j.core.reproduce.Reproducer;
import org.sae4j.kernels.BackendProvider;
import org.sae4j.kernels.Backends;
import org.sae4j.store.ActivationStore;

/**
 * The engine's command line: {@code generate | train | evaluate | analyze | check | run | reproduce | report |
 * doctor}, and {@code search | steer | attribute} for exploring a run ({@link ExploreCommand}). {@code report} is an
 * {@link ExtraCommand} of the {@code sae-report} module, found on the class path. The Maven plugin forks it; it is
 * just as usable on its own. Exit codes ({@link ExitCode}): 0 success, 1 a missed goal, a run that did
 * not reproduce or a failure of the run, 2 invalid input (arguments, descriptor, data, run directory), with the reason
 * on standard error.
 */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    usePyTorchThreadPerPass();
    System.exit(run(args, System.out, System.err));
  }

  /**
   * The value of a numeric option: a whole number in [1, max].
   *
   * @throws IllegalArgumentException naming the option when it is not
   */
  public static long positive(String flag, String value, long max) {
    try {
      long n = Long.parseLong(value);
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    throw new IllegalArgumentException(flag + " must be a whole number >= 1, got '" + value + "'");
  }

  /**
   * One PyTorch thread per forward pass unless set: it lets the harvester run a batch on every core, which measured
   * faster on small machines than one batch over all cores; an explicit setting wins. Every engine entry point (this
   * CLI, the sweep CLI) calls it first, so harvests get the same threads and so the same bits.
   */
  public static void usePyTorchThreadPerPass() {
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", "1");
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
  }

  /** Runs one command; returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length > 0 && ExploreCommand.COMMANDS.contains(args[0])) {
      return ExploreCommand.run(args, out, err);
    }
    CommandLine cli;
    try {
      cli = CommandLine.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("ERROR " + e.getMessage());
      err.println(CommandLine.USAGE);
      return ExitCode.INVALID;
    }
    if (cli.parentPid() > 0) {
      watchParent(cli.parentPid(), err);
      verifyOncePerBuild(cli.parentPid());
    }
    if (cli.command().equals("doctor")) {
      doctor(out);
      return ExitCode.OK;
    }
    Consumer<String> log = line -> {
      out.println(line);
      out.flush();
    };
    Descriptor descriptor = null;
    try {
      if (cli.command().equals("report") && cli.run() != null) {
        return extra(cli.command(), cli.run(), cli.threads(), out, err);
      }
      if (cli.command().equals("reproduce")) {
        return Reproducer.reproduce(cli.run(), cli.threads(), log).identical() ? ExitCode.OK : ExitCode.FAILED;
      }
      descriptor = DescriptorReader.read(cli.descriptor());
      if (cli.backend() != null) {
        descriptor = descriptor.withBackend(cli.backend(), "--backend");
      }
      Engine engine = new Engine(descriptor, cli.output(), cli.threads(), log);
      if (cli.command().equals("report")) {
        return extra(cli.command(), engine.layout().runDirectory(), cli.threads(), out, err);
      }
      return execute(cli.command(), engine, out);
    } catch (DescriptorException | IOException | RuntimeException | OutOfMemoryError e) {
      return report(e, descriptor, cli.output(), err);
    }
  }

  /** Runs a command of a module above the engine on a run directory, or says which module it needs. */
  private static int extra(String name, Path runDirectory, int threads, PrintStream out, PrintStream err) {
    for (ExtraCommand command : ServiceLoader.load(ExtraCommand.class)) {
      if (command.name().equals(name)) {
        try {
          return command.run(runDirectory, threads, out);
        } catch (IOException | RuntimeException e) {
          return report(e, null, runDirectory, err);
        }
      }
    }
    err.println("ERROR the " + name + " command comes from the sae-report module (org.sae4j:sae-report), which is not "
        + "on the class path: add its jar and dependencies to -cp, or use the Maven goal sae:" + name);
    return ExitCode.INVALID;
  }

  /**
   * Prints why a command failed and returns its exit code: out-of-memory with the heap and what the run needs, an
   * expected failure with its message, anything else with its stack trace. Other front ends (the sweep CLI) report
   * through it too.
   *
   * @param descriptor the experiment, or null when it could not be read
   */
  public static int report(Throwable e, Descriptor descriptor, Path output, PrintStream err) {
    if (OutOfMemoryMessage.isCause(e)) {
      Runtime rt = Runtime.getRuntime();
      for (String line : OutOfMemoryMessage.lines(descriptor, output, rt.totalMemory() - rt.freeMemory(),
          rt.maxMemory())) {
        err.println("ERROR " + line);
      }
      return ExitCode.FAILED;
    }
    if (ExitCode.expected(e)) {
      err.println("ERROR " + ExitCode.message(e));
    } else {
      err.println("ERROR internal error: " + e);
      e.printStackTrace(err);
    }
    return ExitCode.of(e);
  }

  /** Runs one engine command on a read descriptor. */
  private static int execute(String command, Engine engine, PrintStream out) throws IOException {
    switch (command) {
      case "generate" -> engine.generate();
      case "train" -> engine.train();
      case "evaluate" -> engine.evaluate();
      case "analyze" -> engine.analyze();
      case "check" -> {
        return check(engine, out);
      }
      case "run" -> {
        engine.train();
        engine.evaluate();
        if (!engine.descriptor().analyses(Stage.ANALYZE).isEmpty()) {
          engine.analyze();
        }
        return check(engine, out);
      }
      default -> throw new IllegalStateException("unhandled command " + command);
    }
    return ExitCode.OK;
  }

  /**
   * Stops this JVM at once when the process that started it is gone: a forked engine must not go on writing its run
   * directory after Maven was killed. {@code halt} skips shutdown hooks and so stops the engine as a kill would, the
   * interruption its writes are made to survive (temporary name, then rename).
   */
  public static void watchParent(long pid, PrintStream err) {
    ParentWatch.start(pid, () -> {
      err.println("ERROR the process that started this engine (pid " + pid + ") is gone; stopping");
      err.flush();
      Runtime.getRuntime().halt(ExitCode.FAILED);
    });
  }

  /**
   * The goals one Maven build forks (train, evaluate, check, ...) share their parent, so the parent's pid and start
   * time name the build: data files this build already hashed and verified are not hashed again while unchanged
   * (see {@link ActivationStore#VERIFY_SESSION_PROPERTY}). A run without a parent hashes every time.
   */
  private static void verifyOncePerBuild(long pid) {
    if (System.getProperty(ActivationStore.VERIFY_SESSION_PROPERTY) == null) {
      ProcessHandle.of(pid).flatMap(parent -> parent.info().startInstant()).ifPresent(start ->
          System.setProperty(ActivationStore.VERIFY_SESSION_PROPERTY, pid + "@" + start));
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
    return report.passed() ? ExitCode.OK : ExitCode.FAILED;
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

  /**
   * Parsed arguments.
   *
   * @param run the run directory of {@code reproduce}, else null
   * @param parentPid the process whose end stops the engine ({@code --parent-pid}), or 0 for none
   */
  record CommandLine(String command, Path descriptor, Path output, int threads, String backend, Path run,
                     long parentPid) {
    static final String USAGE = """
        usage: sae4j <generate|train|evaluate|analyze|check|run|report|doctor> --descriptor FILE.yaml [--output DIR]
                     [--threads N] [--backend auto|jvm|tornadovm] [--parent-pid PID]
               sae4j reproduce --run DIR [--threads N] [--parent-pid PID]
               sae4j report --run DIR [--parent-pid PID]
               sae4j <search|steer|attribute> --run DIR ... (run one alone for its options)
          --output      run and data directory (default target/sae)
          --threads     backend worker threads (default: available processors)
          --run         a finished run directory (e.g. target/sae/<name>) to retrain and compare bit for bit
                        (reproduce), or to write the HTML report of (report, instead of --descriptor)
          --parent-pid  stop when process PID ends (the Maven plugin passes its own)
        exit codes: 0 success, 1 a missed goal, a run that did not reproduce or a failed run,
                    2 invalid input (arguments, descriptor, data, run directory)""";
    static final Path DEFAULT_OUTPUT = Path.of("target", "sae");

    static CommandLine parse(String[] args) {
      if (args.length == 0) {
        throw new IllegalArgumentException("no command given");
      }
      String command = args[0];
      if (!command.matches("generate|train|evaluate|analyze|check|run|reproduce|report|doctor")) {
        throw new IllegalArgumentException("unknown command '" + command + "'");
      }
      Path descriptor = null;
      Path output = DEFAULT_OUTPUT;
      int threads = Runtime.getRuntime().availableProcessors();
      String backend = null;
      Path run = null;
      long parentPid = 0;
      for (int i = 1; i < args.length; i++) {
        String flag = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String value = args[++i];
        switch (flag) {
          case "--descriptor" -> descriptor = Path.of(value);
          case "--output" -> output = Path.of(value);
          case "--threads" -> threads = (int) positive(flag, value, Integer.MAX_VALUE);
          case "--backend" -> backend = value;
          case "--run" -> run = Path.of(value);
          case "--parent-pid" -> parentPid = positive(flag, value, Long.MAX_VALUE);
          default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
        }
      }
      if (command.equals("report") && run != null && descriptor != null) {
        throw new IllegalArgumentException("report takes --run DIR or --descriptor FILE.yaml, not both");
      }
      if (!command.equals("report") && command.equals("reproduce") != (run != null)) {
        throw new IllegalArgumentException(run == null ? "reproduce needs --run DIR"
            : "--run is only for reproduce and report");
      }
      if (command.equals("reproduce") && (descriptor != null || backend != null || !output.equals(DEFAULT_OUTPUT))) {
        throw new IllegalArgumentException("reproduce takes only --run DIR [--threads N] [--parent-pid PID]: the run directory holds its"
            + " descriptor and data location, and reproduce always retrains on the jvm backend");
      }
      if (descriptor == null && run == null && !command.matches("doctor|reproduce")) {
        throw new IllegalArgumentException(command + " needs --descriptor FILE.yaml"
            + (command.equals("report") ? " or --run DIR" : ""));
      }
      return new CommandLine(command, descriptor, output, threads, backend, run, parentPid);
    }

  }
}
