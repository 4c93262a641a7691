package org.sae4j.core.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.sae4j.core.Engine;
import org.sae4j.core.analysis.AnalysisResult;
import org.sae4j.core.analysis.AttributionAnalysis;
import org.sae4j.core.analysis.SearchAnalysis;
import org.sae4j.core.analysis.SteeringAnalysis;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.reproduce.InvalidRunException;
import org.sae4j.core.reproduce.RecordedRun;

/**
 * The CLI's commands for exploring a finished, evaluated run without changing its descriptor: {@code search},
 * {@code steer} and {@code attribute} run the analysis of that name on the prompts given and print its Markdown
 * report; nothing in the run directory changes. Exit codes as for the other commands ({@link ExitCode}): 0; 2 invalid
 * input (arguments, a run directory that is missing or has no checkpoint, a run without a model, an unknown feature,
 * a prompt without tokens); 1 a failure (e.g. a run that was not evaluated yet).
 */
final class ExploreCommand {
  /** The commands this class runs. */
  static final Set<String> COMMANDS = Set.of("search", "steer", "attribute");
  static final String USAGE = """
      usage: sae4j search    --run DIR --prompt TEXT [--prompt TEXT ...] [--top N] [--threads N]
             sae4j steer     --run DIR --feature J --prompt TEXT [--prompt TEXT ...] [--multipliers -1,-0.5,0.5,1]
                             [--threads N]
             sae4j attribute --run DIR --prompt TEXT [--prompt TEXT ...] --target TEXT [--threads N]
        --run          an evaluated run directory of harvested data (e.g. target/sae/minilm-l3)
        --prompt       a prompt (repeat for several)
        --top          features listed per prompt (default 10)
        --feature      the feature to steer (0-based index)
        --multipliers  clamp the feature to c·a_max for each c (default -1,-0.5,0.5,1; distinct, non-zero)
        --target       attribute: M is the cosine of the prompt's embedding to this text's""";

  private ExploreCommand() {
  }

  /** Parsed arguments. */
  record Arguments(String command, Path run, List<String> prompts, int top, Integer feature,
                   List<Double> multipliers, String target, int threads) {

    static Arguments parse(String[] args) {
      String command = args[0];
      Path run = null;
      List<String> prompts = new ArrayList<>();
      int top = 10;
      Integer feature = null;
      List<Double> multipliers = SteeringAnalysis.DEFAULT_MULTIPLIERS;
      String target = null;
      int threads = Runtime.getRuntime().availableProcessors();
      for (int i = 1; i < args.length; i++) {
        String flag = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String value = args[++i];
        switch (flag) {
          case "--run" -> run = Path.of(value);
          case "--prompt" -> prompts.add(nonBlank(flag, value));
          case "--top" -> top = positive(flag, value);
          case "--feature" -> feature = whole(flag, value, 0);
          case "--multipliers" -> multipliers = multipliers(value);
          case "--target" -> target = nonBlank(flag, value);
          case "--threads" -> threads = positive(flag, value);
          default -> throw new IllegalArgumentException("unknown option '" + flag + "' for " + command);
        }
      }
      if (run == null) {
        throw new IllegalArgumentException(command + " needs --run DIR (an evaluated run directory)");
      }
      if (prompts.isEmpty()) {
        throw new IllegalArgumentException(command + " needs --prompt TEXT");
      }
      if (command.equals("steer") != (feature != null)) {
        throw new IllegalArgumentException(feature == null ? "steer needs --feature J" : "--feature is only for steer");
      }
      if (command.equals("attribute") != (target != null)) {
        throw new IllegalArgumentException(target == null ? "attribute needs --target TEXT"
            : "--target is only for attribute");
      }
      return new Arguments(command, run, prompts, top, feature, multipliers, target, threads);
    }

    private static String nonBlank(String flag, String value) {
      if (value.isBlank()) {
        throw new IllegalArgumentException(flag + " is empty: give some text");
      }
      return value;
    }

    private static int positive(String flag, String value) {
      return whole(flag, value, 1);
    }

    private static int whole(String flag, String value, int min) {
      try {
        int n = Integer.parseInt(value.strip());
        if (n >= min) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below with the accepted range
      }
      throw new IllegalArgumentException(flag + " must be a whole number >= " + min + ", got '" + value + "'");
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

  /** Runs one explore command; returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Arguments a;
    try {
      a = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("ERROR " + e.getMessage());
      err.println(USAGE);
      return ExitCode.INVALID;
    }
    Consumer<String> log = line -> {
      out.println(line);
      out.flush();
    };
    long start = System.nanoTime();
    try {
      Engine engine = engine(a.run(), a.threads(), log);
      AnalysisResult result = switch (a.command()) {
        case "search" -> engine.explore(new SearchAnalysis(), new SearchAnalysis.Settings(a.prompts(), List.of(),
            a.top(), 3));
        case "steer" -> engine.explore(new SteeringAnalysis(), new SteeringAnalysis.Settings(List.of(a.feature()),
            List.of(), a.prompts(), a.multipliers(), 8, 5, 256));
        default -> engine.explore(new AttributionAnalysis(), new AttributionAnalysis.Settings(a.prompts(),
            a.target()));
      };
      out.println();
      out.println(result.markdown());
      out.printf("%s answered in %.1f s%n", a.command(), (System.nanoTime() - start) / 1e9);
      return ExitCode.OK;
    } catch (DescriptorException | IOException | RuntimeException e) {
      err.println("ERROR " + ExitCode.message(e));
      return ExitCode.of(e);
    }
  }

  /** The engine of the run in {@code dir}, with the descriptor it was trained from. */
  private static Engine engine(Path dir, int threads, Consumer<String> log)
      throws InvalidRunException, DescriptorException {
    RecordedRun run = RecordedRun.read(dir);
    Descriptor d = run.descriptor();
    if (!run.directory().getFileName().toString().equals(d.name())) {
      throw new InvalidRunException(run.directory() + " holds experiment " + d.name() + ", whose run directory is "
          + d.name() + "/: pass the directory under its own name");
    }
    return new Engine(d, run.directory().getParent(), threads, log);
  }
}
