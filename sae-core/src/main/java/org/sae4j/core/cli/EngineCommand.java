package org.sae4j.core.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sae4j.core.Engine;
import org.sae4j.core.analysis.Stage;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** One engine stage on an experiment descriptor: {@code generate}, {@code train}, … {@code run}. */
@Command(sortOptions = false)
final class EngineCommand implements Callable<Integer> {

  /** The stages, each with the line its help shows. */
  enum Kind {
    GENERATE("generate", "Writes the experiment's data set (planted synthetic activations, or activations harvested"
        + " from the model) under the output directory."),
    TRAIN("train", "Trains the sparse autoencoder: checkpoint/, curve.csv and run.json in the run directory."),
    EVALUATE("evaluate", "Evaluates the trained dictionary on the held-out tokens and records its metrics in run.json."),
    ANALYZE("analyze", "Runs the descriptor's analyses of stage analyze (search, steering, attribution) on the"
        + " evaluated run."),
    CHECK("check", "Prints the goals table of the evaluated run; exit code 1 when a goal is missed."),
    RUN("run", "train, evaluate, analyze (when the descriptor names such analyses) and check in one process.");

    final String command;
    final String description;

    Kind(String command, String description) {
      this.command = command;
      this.description = description;
    }
  }

  private final Kind kind;

  @Spec
  private CommandSpec spec;

  @Mixin
  private DescriptorOptions experiment;

  @Mixin
  private EngineOptions engine;

  @Option(names = "--result", paramLabel = "FILE", description = "check only: write the goals table and the missed"
      + " goals to FILE as Java properties (for the Maven plugin) instead of printing them.")
  private Path result;

  EngineCommand(Kind kind) {
    this.kind = kind;
  }

  @Override
  public Integer call() {
    experiment.requireDescriptor(spec);
    if (result != null && kind != Kind.CHECK) {
      throw new ParameterException(spec.commandLine(), "--result is an option of check only");
    }
    PrintWriter out = spec.commandLine().getOut();
    Descriptor descriptor = null;
    try {
      descriptor = experiment.read();
      return execute(new Engine(descriptor, experiment.output(), engine.threads(), EngineOptions.lines(out)), out);
    } catch (DescriptorException | IOException | RuntimeException | OutOfMemoryError e) {
      return Failure.report(e, descriptor, experiment.output(), spec.commandLine().getErr());
    }
  }

  private int execute(Engine engine, PrintWriter out) throws IOException {
    switch (kind) {
      case GENERATE -> engine.generate();
      case TRAIN -> engine.train();
      case EVALUATE -> engine.evaluate();
      case ANALYZE -> engine.analyze();
      case CHECK -> {
        return check(engine, out);
      }
      case RUN -> {
        engine.train();
        engine.evaluate();
        if (!engine.descriptor().analyses(Stage.ANALYZE).isEmpty()) {
          engine.analyze();
        }
        return check(engine, out);
      }
    }
    return ExitCode.OK;
  }

  private int check(Engine engine, PrintWriter out) throws IOException {
    return GoalsOutput.show(engine.descriptor().name(), engine::check, out, result);
  }
}
