package org.sae4j.sweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sae4j.core.cli.DescriptorOptions;
import org.sae4j.core.cli.EngineOptions;
import org.sae4j.core.cli.ExtraCommand;
import org.sae4j.core.cli.GoalsOutput;
import org.sae4j.core.cli.Main;
import org.sae4j.core.descriptor.SweepDescriptor;
import org.sae4j.core.descriptor.SweepReader;
import org.sae4j.sweep.Runners;
import org.sae4j.sweep.Sweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The CLI's {@code sweep run | check} ({@code sae4j sweep …}, or {@link SweepMain} for the Maven plugin's fork and
 * {@code spark-submit}): the engine's options and exit codes, through the engine's one command line.
 */
@Command(name = "sweep", sortOptions = false, subcommands = {SweepCommand.Run.class, SweepCommand.Check.class},
    description = "Scaling-law sweeps (a descriptor with a sweep: section): run its points and fit, or check its goals.")
public final class SweepCommand implements ExtraCommand {
  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "no sweep command given: run or check");
  }

  /** What both subcommands share: the sweep descriptor, the engine options, and failures reported as the engine's. */
  abstract static class Stage implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EngineOptions engine;

    @Mixin
    DescriptorOptions descriptor;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      SweepDescriptor sweep = null;
      try {
        sweep = SweepReader.read(descriptor.requireDescriptor(spec));
        if (descriptor.backend() != null) {
          sweep = sweep.withBackend(descriptor.backend(), "--backend");
        }
        return execute(sweep, new Sweep(sweep, descriptor.output(), engine.threads(), EngineOptions.lines(out)), out);
      } catch (Exception | OutOfMemoryError e) {
        // the sweep's first point stands for the experiment, so a point's out-of-memory advice names its shape
        return Main.report(e, sweep == null ? null : sweep.experiment(), descriptor.output(),
            spec.commandLine().getErr());
      }
    }

    abstract int execute(SweepDescriptor sweep, Sweep run, PrintWriter out) throws Exception;
  }

  /** {@code sweep run}. */
  @Command(name = "run", sortOptions = false, description = "Trains and evaluates every point not yet complete, "
      + "fits the scaling laws, writes sweep.json, sweep.md and sweep.html.")
  static final class Run extends Stage {
    @Option(names = "--runner", paramLabel = "NAME", description = "local or spark: overrides sweep.runner and "
        + "harvest.runner.")
    private String runner;

    @Override
    int execute(SweepDescriptor sweep, Sweep run, PrintWriter out) throws Exception {
      run.run(Runners.points(runner != null ? runner : sweep.settings().runner()),
          Runners.harvest(runner != null ? runner : sweep.settings().harvestRunner()));
      return 0;
    }
  }

  /** {@code sweep check}. */
  @Command(name = "check", sortOptions = false, description = "Checks the sweep's goals against its sweep.json.")
  static final class Check extends Stage {
    @Option(names = "--result", paramLabel = "FILE", description = "Write the goals table and the missed goals to FILE"
        + " as Java properties (for the Maven plugin) instead of printing them.")
    private Path result;

    @Override
    int execute(SweepDescriptor sweep, Sweep run, PrintWriter out) throws Exception {
      return GoalsOutput.show(sweep.name(), run::check, out, result);  // 1: a goal was missed
    }
  }
}
