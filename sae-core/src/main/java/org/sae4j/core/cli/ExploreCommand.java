package org.sae4j.core.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sae4j.core.Engine;
import org.sae4j.core.analysis.AnalysisResult;
import org.sae4j.core.analysis.AttributionAnalysis;
import org.sae4j.core.analysis.SearchAnalysis;
import org.sae4j.core.analysis.SteeringAnalysis;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.reproduce.InvalidRunException;
import org.sae4j.core.reproduce.RecordedRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The CLI's commands for exploring a finished, evaluated run without changing its descriptor: {@code search},
 * {@code steer} and {@code attribute} run the analysis of that name on the prompts given and print its Markdown
 * report; nothing in the run directory changes. Exit codes as for the other commands ({@link ExitCode}): 0; 2 invalid
 * input (arguments, a run directory that is missing or has no checkpoint, a run without a model, an unknown feature,
 * a prompt without tokens); 1 a failure (e.g. a run that was not evaluated yet).
 */
abstract class ExploreCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--run", required = true, paramLabel = "DIR", order = 0,
      description = "An evaluated run directory of harvested data (e.g. target/sae/minilm-l3).")
  private Path run;

  @Option(names = "--prompt", required = true, paramLabel = "TEXT", order = 1,
      description = "A prompt (repeat for several).")
  private List<String> prompts = new ArrayList<>();

  @Mixin
  private EngineOptions engine;

  /** Runs this command's analysis on the prompts. */
  abstract AnalysisResult explore(Engine engine, List<String> prompts) throws IOException;

  @Override
  public Integer call() throws DescriptorException, IOException {
    for (String prompt : prompts) {
      if (prompt.isBlank()) {
        throw new IllegalArgumentException("--prompt is empty: give some text");
      }
    }
    long start = System.nanoTime();
    AnalysisResult result = explore(engine(run, engine.threads()), prompts);
    PrintWriter out = spec.commandLine().getOut();
    out.println();
    out.println(result.markdown());
    out.printf("%s answered in %.1f s%n", spec.name(), (System.nanoTime() - start) / 1e9);
    out.flush();
    return ExitCode.OK;
  }

  /** The engine of the run in {@code dir}, with the descriptor it was trained from. */
  private Engine engine(Path dir, int threads) throws InvalidRunException, DescriptorException {
    RecordedRun recorded = RecordedRun.read(dir);
    Descriptor d = recorded.descriptor();
    if (!recorded.directory().getFileName().toString().equals(d.name())) {
      throw new InvalidRunException(recorded.directory() + " holds experiment " + d.name() + ", whose run directory is "
          + d.name() + "/: pass the directory under its own name");
    }
    return new Engine(d, recorded.directory().getParent(), threads,
        EngineOptions.lines(spec.commandLine().getOut()));
  }

  /** {@code search}: the features most active on each prompt. */
  @Command(name = "search", sortOptions = false,
      description = "Lists the features most active on each prompt of an evaluated run.")
  static final class Search extends ExploreCommand {
    @Option(names = "--top", paramLabel = "N", converter = EngineOptions.AtLeastOne.class, order = 2,
        description = "Features listed per prompt (default ${DEFAULT-VALUE}).")
    private int top = 10;

    @Override
    AnalysisResult explore(Engine engine, List<String> prompts) throws IOException {
      return engine.explore(new SearchAnalysis(), new SearchAnalysis.Settings(prompts, List.of(), top, 3,
          SearchAnalysis.FIRE_FRACTION));
    }
  }

  /** {@code steer}: generations with one feature clamped. */
  @Command(name = "steer", sortOptions = false,
      description = "Clamps one feature to c·a_max at every token of each prompt and reports how the model's output moves.")
  static final class Steer extends ExploreCommand {
    @Option(names = "--feature", required = true, paramLabel = "J", converter = EngineOptions.AtLeastZero.class,
        order = 2, description = "The feature to steer (0-based index).")
    private int feature;

    @Option(names = "--multipliers", paramLabel = "C,C,…", order = 3,
        description = "Clamp the feature to c·a_max for each c: distinct, non-zero (default -1,-0.5,0.5,1).")
    private String multipliers;

    @Override
    AnalysisResult explore(Engine engine, List<String> prompts) throws IOException {
      List<Double> cs = multipliers == null ? SteeringAnalysis.DEFAULT_MULTIPLIERS : multipliers(multipliers);
      return engine.explore(new SteeringAnalysis(), new SteeringAnalysis.Settings(List.of(feature), List.of(),
          prompts, cs, 8, 5, 256));
    }

    private static List<Double> multipliers(String value) {
      List<Double> out = new ArrayList<>();
      for (String part : value.split(",")) {
        try {
          double c = Double.parseDouble(part.strip());
          if (!Double.isFinite(c)) {
            throw new NumberFormatException();
          }
          out.add(c);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--multipliers: '" + part + "' is not a number; give e.g. -4,-2,2,4");
        }
      }
      SteeringAnalysis.checkMultipliers(out, (i, problem) -> new IllegalArgumentException("--multipliers: "
          + problem + "; give distinct non-zero numbers, e.g. -4,-2,2,4"));
      return out;
    }
  }

  /** {@code attribute}: attribution against ablation towards a target text. */
  @Command(name = "attribute", sortOptions = false, description = "Attributes the cosine of each prompt's embedding"
      + " to a target text's among the features, and checks the attribution against ablation.")
  static final class Attribute extends ExploreCommand {
    @Option(names = "--target", required = true, paramLabel = "TEXT", order = 2,
        description = "M is the cosine of the prompt's embedding to this text's.")
    private String target;

    @Override
    AnalysisResult explore(Engine engine, List<String> prompts) throws IOException {
      if (target.isBlank()) {
        throw new IllegalArgumentException("--target is empty: give some text");
      }
      return engine.explore(new AttributionAnalysis(), new AttributionAnalysis.Settings(prompts, target));
    }
  }
}
