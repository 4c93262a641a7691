package org.sae4j.core.descriptor;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.sae4j.harvest.Models;
import org.sae4j.core.descriptor.YamlTree.Mapping;
import org.sae4j.core.descriptor.YamlTree.Node;

/**
 * Reads a descriptor file (YAML, UTF-8) into a validated {@link Descriptor} with defaults applied. Unknown keys,
 * duplicate keys, wrong types, out-of-range values and impossible combinations are rejected with a
 * {@link DescriptorException} that names the file, the key path and its line. The keys, their defaults and their
 * ranges are documented in {@code docs/descriptor.md}.
 */
public final class DescriptorReader {
  private static final List<String> TOP = List.of("name", "description", "seed", "backend", "data", "sae", "training",
      "evaluation", "analysis", "goals");
  private static final Pattern ANY_TEXT = Pattern.compile("(?s).*");
  private static final Pattern ON_COLLAPSE = Pattern.compile("stop|warn");

  private DescriptorReader() {
  }

  /**
   * Reads and validates one descriptor.
   *
   * @param file path of the {@code .yaml} file; relative paths inside it resolve against its directory
   * @throws DescriptorException when the file is missing, unreadable, empty, not YAML or not a valid descriptor
   */
  public static Descriptor read(Path file) throws DescriptorException {
    Path abs = file.toAbsolutePath().normalize();
    Mapping top = parse(abs);
    return bind(new Section(abs, "", top, top.location()), abs);
  }

  /**
   * Reads {@code abs} as UTF-8 YAML whose top level is a mapping.
   *
   * @throws DescriptorException when the file is missing, unreadable, empty, not YAML or not a mapping
   */
  static Mapping parse(Path abs) throws DescriptorException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(abs))).toString();
    } catch (NoSuchFileException e) {
      throw new DescriptorException(abs, "", -1, -1, "no such file", "pass the path of a descriptor .yaml file");
    } catch (CharacterCodingException e) {
      throw new DescriptorException(abs, "", -1, -1, "not UTF-8 text", "save the descriptor as UTF-8");
    } catch (IOException e) {
      throw new DescriptorException(abs, "", -1, -1, "cannot be read: " + e, "pass a readable file");
    }
    Node root;
    try {
      root = YamlTree.parse(abs, new StringReader(text));
    } catch (IOException e) {
      throw new DescriptorException(abs, "", -1, -1, "cannot be parsed: " + e.getMessage(), "fix the YAML syntax");
    }
    if (root == null) {
      throw new DescriptorException(abs, "", -1, -1, "the file is empty",
          "a descriptor is a YAML mapping with at least name, data and sae");
    }
    if (!(root instanceof Mapping top)) {
      throw new DescriptorException(abs, "", root.location().line(), root.location().column(),
          "expected a mapping of keys at the top level, got " + Section.describe(root),
          "a descriptor is a YAML mapping with at least name, data and sae");
    }
    return top;
  }

  /** Binds a parsed top-level mapping (of {@code file}) to a validated descriptor. */
  static Descriptor bind(Section top, Path file) throws DescriptorException {
    top.allowOnly(TOP);
    String name = top.string("name", null, Descriptor.NAME,
        "allowed: 1 to 64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit");
    String description = top.string("description", "", ANY_TEXT, "allowed: free text");
    long seed = top.integer("seed", 0L, Long.MIN_VALUE, Long.MAX_VALUE);
    String backend = backend(top);
    Section dataSection = top.section("data", true);
    DataSpec data = DataReader.read(dataSection, file.getParent());
    Section saeSection = top.section("sae", true);
    Section trainingSection = top.section("training", false);
    String architecture = ArchitectureReader.name(saeSection);
    SaeSpec sae = sae(saeSection, trainingSection, architecture);
    TrainingSpec training = training(trainingSection, architecture);
    NumericLimits.check(trainingSection, NumericLimits.TRAINING);
    checkOneBatch(data, dataSection, training, trainingSection);
    checkOneArray(data, sae, top.section("sae", true));
    Section evaluation = top.section("evaluation", false);
    evaluation.allowOnly(List.of("maxTokens"));
    long maxTokens = evaluation.integer("maxTokens", EvaluationSpec.DEFAULT_MAX_TOKENS, 1, Long.MAX_VALUE);
    List<AnalysisSpec<?>> analyses = AnalysisReader.read(top.section("analysis", false), data, file.getParent());
    List<Goal> goals = GoalsReader.read(top.section("goals", false), data.source(), analyses);
    return new Descriptor(file, name, description, seed, backend, data, sae, training, new EvaluationSpec(maxTokens),
        goals, analyses);
  }

  /** {@code backend}: a name from {@link BackendNames}, so that a typo fails here and not in the engine's JVM. */
  private static String backend(Section top) throws DescriptorException {
    String name = top.string("backend", Descriptor.AUTO, null, BackendNames.allowed(null));
    if (!BackendNames.known().contains(name)) {
      throw top.error("backend", "unknown backend '" + name + "'", BackendNames.allowed(name));
    }
    return name;
  }

  private static SaeSpec sae(Section s, Section training, String architecture) throws DescriptorException {
    int features = s.intValue("features", null, 1, Integer.MAX_VALUE);
    Architecture kind = ArchitectureReader.read(architecture, s, training, features);
    s.allowOnly(ArchitectureReader.saeKeys(architecture));
    double norm = s.number("decoderInitNorm", SaeSpec.DEFAULT_DECODER_INIT_NORM, Range.above(0));
    NumericLimits.check(s, NumericLimits.SAE);
    return new SaeSpec(kind, features, norm);
  }

  /**
   * The {@code training} section; the sparsity keys ({@code l1}, {@code l1WarmupFraction}) belong to relu-l1 and
   * are 0 for any other architecture (jumprelu's {@code l0} keys are its own, read by {@link ArchitectureReader}).
   */
  private static TrainingSpec training(Section t, String architecture) throws DescriptorException {
    TrainingSpec d = TrainingSpec.DEFAULTS;
    t.allowOnly(ArchitectureReader.trainingKeys(architecture, List.of("batchSize", "lr", "l1", "l0",
        "lrDecayFraction", "l1WarmupFraction", "l0WarmupFraction", "sparsityPenalty", "tanhScale",
        "preActCoefficient", "gradClip", "adamBeta1", "adamBeta2", "adamEpsilon", "epochs", "logEvery",
        "scaleSampleTokens", "checkpointEvery", "onCollapse", "tokens")));
    boolean penalised = architecture.equals(Architecture.ReluL1.NAME);
    int batchSize = t.intValue("batchSize", d.batchSize(), 1, TrainingSpec.MAX_BATCH_SIZE);
    double lr = t.number("lr", d.lr(), Range.above(0));
    double l1 = penalised ? t.number("l1", d.l1(), Range.atLeast(0)) : 0;
    double decay = t.number("lrDecayFraction", d.lrDecayFraction(), Range.closed(0, 1));
    double warmup = penalised ? t.number("l1WarmupFraction", d.l1WarmupFraction(), Range.closed(0, 1)) : 0;
    checkWarmupBeforeDecay(t, "l1WarmupFraction", warmup);
    double gradClip = t.number("gradClip", d.gradClip(), Range.above(0));
    double beta1 = t.number("adamBeta1", d.adamBeta1(), Range.closedOpen(0, 1));
    double beta2 = t.number("adamBeta2", d.adamBeta2(), Range.closedOpen(0, 1));
    double epsilon = t.number("adamEpsilon", d.adamEpsilon(), Range.above(0));
    int epochs = t.intValue("epochs", d.epochs(), 1, Integer.MAX_VALUE);
    int logEvery = t.intValue("logEvery", d.logEvery(), 1, Integer.MAX_VALUE);
    long sample = t.integer("scaleSampleTokens", d.scaleSampleTokens(), 1, Long.MAX_VALUE);
    long checkpointEvery = t.integer("checkpointEvery", d.checkpointEvery(), 1, Long.MAX_VALUE);
    TrainingSpec.OnCollapse onCollapse = TrainingSpec.OnCollapse.valueOf(t.string("onCollapse",
        d.onCollapse().key(), ON_COLLAPSE, "allowed: stop, warn").toUpperCase(Locale.ROOT));
    long tokens = t.integer("tokens", d.tokens(), 1, Long.MAX_VALUE);
    return new TrainingSpec(batchSize, lr, l1, decay, warmup, gradClip, beta1, beta2, epsilon, epochs, logEvery,
        sample, checkpointEvery, onCollapse, tokens);
  }

  /**
   * The warm-up of a sparsity coefficient ({@code warmupKey}, already read as {@code warmup}) and the lr decay must
   * not overlap: lrDecayFraction + warm-up &lt;= 1.
   */
  static void checkWarmupBeforeDecay(Section t, String warmupKey, double warmup) throws DescriptorException {
    double decay = t.number("lrDecayFraction", TrainingSpec.DEFAULTS.lrDecayFraction(), Range.closed(0, 1));
    if (decay + warmup > 1) {
      throw t.error(t.has(warmupKey) ? warmupKey : "lrDecayFraction", "lrDecayFraction (" + Goal.plain(decay)
          + ") + " + warmupKey + " (" + Goal.plain(warmup) + ") is more than 1", "allowed: lrDecayFraction + "
          + warmupKey + " <= 1 (the warm-up and the decay must not overlap)");
    }
  }

  /** {@code training.tokens}: at least one batch, and no more than the data set holds for training (when known). */
  private static void checkTrainingTokens(DataSpec data, TrainingSpec training, Section trainingSection)
      throws DescriptorException {
    String allowed = "allowed: batchSize <= tokens <= data.tokens - data.evalTokens";
    if (training.tokens() < training.batchSize()) {
      throw trainingSection.error("tokens", training.tokens() + " is less than one batch of " + training.batchSize(),
          allowed);
    }
    long trainTokens = data.trainTokens(data.tokens());
    if (data.tokens() >= 0 && training.tokens() > trainTokens) {
      throw trainingSection.error("tokens", training.tokens() + " is more than the " + trainTokens
          + " training tokens of the data set (data.tokens " + data.tokens() + " minus data.evalTokens "
          + data.evalTokens() + ")", allowed);
    }
  }

  /**
   * Each weight matrix (features × the data's dimension floats) must fit one Java array; the dimension is known here
   * for synthetic data and for a known model, and only when the files are read for Arrow data.
   */
  private static void checkOneArray(DataSpec data, SaeSpec sae, Section saeSection) throws DescriptorException {
    String dimName;
    int dim;
    switch (data) {
      case SyntheticData s -> {
        dimName = "data.dim";
        dim = s.dim();
      }
      case HarvestData h -> {
        dimName = "the hidden size of " + h.model();
        dim = Models.byName(h.model()).hidden();
      }
      case ArrowData a -> {
        return;
      }
    }
    if ((long) sae.features() * dim > DataReader.MAX_ARRAY) {
      throw saeSection.error("features", sae.features() + " features of dimension " + dim
          + " do not fit one Java array", "allowed: features × " + dimName + " <= " + DataReader.MAX_ARRAY);
    }
  }

  /** Training needs at least one full batch of the tokens left after the evaluation split. */
  private static void checkOneBatch(DataSpec data, Section dataSection, TrainingSpec training, Section trainingSection)
      throws DescriptorException {
    if (training.tokens() != TrainingSpec.ALL_TOKENS) {
      checkTrainingTokens(data, training, trainingSection);
      return;
    }
    if (data.tokens() < 0) {
      return; // an uncapped Arrow data set: its size is known only when it is read
    }
    long trainTokens = data.trainTokens(data.tokens());
    if (trainTokens >= training.batchSize()) {
      return;
    }
    String problem = "one batch of " + training.batchSize() + " is more than the " + trainTokens
        + " training tokens (data.tokens " + data.tokens() + " minus data.evalTokens " + data.evalTokens() + ")";
    String allowed = "allowed: batchSize <= tokens - evalTokens";
    throw trainingSection.has("batchSize") ? trainingSection.error("batchSize", problem, allowed)
        : dataSection.error("tokens", problem, allowed);
  }
}
