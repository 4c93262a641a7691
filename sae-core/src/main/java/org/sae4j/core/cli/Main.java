package org.sae4j.core.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.store.ActivationStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The engine's command line, {@code sae4j}: {@code generate | train | evaluate | analyze | check | run}
 * ({@link EngineCommand}), {@code reproduce}, {@code doctor}, {@code describe} (what the Maven plugin asks first,
 * {@link DescribeCommand}), {@code search | steer | attribute} for exploring a run
 * ({@link ExploreCommand}), and every {@link ExtraCommand} on the class path ({@code report} from {@code sae-report}).
 * The Maven plugin forks it; the distribution's {@code bin/sae4j} starts it. Exit codes ({@link ExitCode}): 0
 * success, 1 a missed goal, a run that did not reproduce or a failure of the run, 2 invalid input (arguments,
 * descriptor, data, run directory), with the reason on standard error as {@code ERROR …}.
 */
@Command(name = "sae4j", scope = ScopeType.INHERIT, usageHelpAutoWidth = true, sortOptions = false,
    sortSynopsis = false,
    description = "Sparse-autoencoder training and evaluation for transformer activations.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success; for check and run, every goal met",
        "1:the run failed, a goal was missed, or a run did not reproduce",
        "2:invalid input: arguments, descriptor, data or run directory"},
    footer = {"%nRun 'sae4j COMMAND --help' for a command's options."})
public final class Main implements Callable<Integer> {
  /** Commands of modules above the engine, by name, with the module that has them: named when it is missing. */
  private static final Map<String, String> EXTRA_MODULES = Map.of("report", "sae-report");

  @Spec
  private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
  private boolean help;

  private Main() {
  }

  public static void main(String[] args) {
    usePyTorchThreadPerPass();
    System.exit(run(args, System.out, System.err));
  }

  /**
   * One PyTorch thread per forward pass unless set: it lets the harvester run a batch on every core, which measured
   * faster on small machines than one batch over all cores; an explicit setting wins. Every engine entry point (this
   * CLI, the sweep's fork entry) calls it first, so harvests get the same threads and so the same bits.
   */
  public static void usePyTorchThreadPerPass() {
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", "1");
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
  }

  /**
   * Prints why a command failed and returns its exit code ({@link Failure#report}), for an {@link ExtraCommand} that
   * knows the experiment it ran (the sweep's, so that out-of-memory advice names its shape).
   *
   * @param descriptor the experiment, or null when it could not be read
   */
  public static int report(Throwable e, Descriptor descriptor, Path output, PrintWriter err) {
    return Failure.report(e, descriptor, output, err);
  }

  /** Runs one command; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    PrintWriter errors = new PrintWriter(err, true, StandardCharsets.UTF_8);
    CommandLine cli = commandLine()
        .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
        .setErr(errors)
        .setParameterExceptionHandler(Main::invalid)
        .setExecutionExceptionHandler((e, command, parsed) -> Failure.report(e, null, null, command.getErr()))
        .setExecutionStrategy(parsed -> {
          watchParent(parsed, errors);
          return new CommandLine.RunLast().execute(parsed);
        });
    int status = cli.execute(args);
    cli.getOut().flush();
    errors.flush();
    return status;
  }

  /** Every command: the engine's, then those of the modules on the class path. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    for (EngineCommand.Kind kind : EngineCommand.Kind.values()) {
      CommandLine stage = new CommandLine(new EngineCommand(kind));
      stage.getCommandSpec().usageMessage().description(kind.description);
      cli.addSubcommand(kind.command, stage);
    }
    cli.addSubcommand(new ReproduceCommand());
    cli.addSubcommand(new ExploreCommand.Search());
    cli.addSubcommand(new ExploreCommand.Steer());
    cli.addSubcommand(new ExploreCommand.Attribute());
    cli.addSubcommand(new DoctorCommand());
    cli.addSubcommand(new DescribeCommand());
    for (ExtraCommand extra : ServiceLoader.load(ExtraCommand.class)) {
      cli.addSubcommand(extra);
    }
    EXTRA_MODULES.forEach((name, module) -> {
      if (!cli.getSubcommands().containsKey(name)) {
        cli.addSubcommand(name, new MissingModuleCommand(module));
      }
    });
    return cli;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "no command given");
  }

  /** A bad command line: the reason naming what was wrong, then the usage of the command it was given to. */
  private static int invalid(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    if (e instanceof UnmatchedArgumentException u && !command.getSubcommands().isEmpty() && !u.getUnmatched().isEmpty()
        && !u.getUnmatched().get(0).startsWith("-")) {
      err.println("ERROR unknown command '" + u.getUnmatched().get(0) + "'");
    } else {
      err.println("ERROR " + e.getMessage());
    }
    UnmatchedArgumentException.printSuggestions(e, err);
    command.usage(err);
    err.flush();
    return ExitCode.INVALID;
  }

  /**
   * Stops this JVM at once when the process named by {@code --parent-pid} is gone: a forked engine must not go on
   * writing its run directory after Maven was killed. {@code halt} skips shutdown hooks and so stops the engine as a
   * kill would, the interruption its writes are made to survive (temporary name, then rename).
   */
  private static void watchParent(ParseResult parsed, PrintWriter err) {
    ParseResult command = parsed;
    while (command.hasSubcommand()) {
      command = command.subcommand();
    }
    if (command.hasMatchedOption(EngineOptions.PARENT_PID) && !command.isUsageHelpRequested()) {
      long pid = command.matchedOptionValue(EngineOptions.PARENT_PID, 0L);
      watchParent(pid, err);
      verifyOncePerBuild(pid);
    }
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

  private static void watchParent(long pid, PrintWriter err) {
    ParentWatch.start(pid, () -> {
      err.println("ERROR the process that started this engine (pid " + pid + ") is gone; stopping");
      err.flush();
      Runtime.getRuntime().halt(ExitCode.FAILED);
    });
  }
}
