package org.sae4j.core.descriptor;

import com.fasterxml.jackson.core.JsonToken;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.sae4j.core.analysis.Stage;
import org.sae4j.core.descriptor.SweepDescriptor.Design;
import org.sae4j.core.descriptor.SweepPoint.Role;
import org.sae4j.core.descriptor.YamlTree.Entry;
import org.sae4j.core.descriptor.YamlTree.Location;
import org.sae4j.core.descriptor.YamlTree.Mapping;
import org.sae4j.core.descriptor.YamlTree.Node;
import org.sae4j.core.descriptor.YamlTree.Scalar;
import org.sae4j.core.descriptor.YamlTree.Sequence;
import org.sae4j.harvest.Models;
import org.sae4j.store.AtomicFiles;
import org.sae4j.store.WriterOptions;

/**
 * Reads a sweep descriptor: an experiment descriptor with a {@code sweep:} section (and goals on fits and points).
 * Every point is bound by {@link DescriptorReader}'s own rules from the file's tree with the axis values put in, so a
 * point is validated exactly like an experiment, and an error in an axis value names the list item
 * ({@code sweep.grid.training.tokens[3]}) and its line. The keys are documented in {@code docs/sweeps.md}.
 */
public final class SweepReader {
  /** The descriptor keys a sweep may vary. */
  public static final List<String> AXES = List.of("sae.features", "training.tokens", "training.lr", "training.l1");
  static final String FEATURES = "sae.features";
  static final String TOKENS = "training.tokens";
  static final String LR = "training.lr";
  static final String L1 = "training.l1";
  /** In an isoFLOP design's lr axis: a point's compute budget instead of its tokens. */
  static final String BUDGET = "budget";
  private static final List<String> SWEEP_KEYS = List.of("grid", "isoflop", "lr", "parallel", "runner", "bootstrap");
  private static final Pattern ANY_TEXT = Pattern.compile("(?s).*");
  private static final Pattern RUNNER = Pattern.compile("local|spark");
  private static final String FORMAT = "sae4j-sweep-1";
  private static final int MAX_BOOTSTRAP = 100_000;

  private SweepReader() {
  }

  /** Whether {@code file} is a readable YAML mapping with a top-level {@code sweep} key. */
  public static boolean isSweep(Path file) {
    try {
      return DescriptorReader.parse(file.toAbsolutePath().normalize()).entries().containsKey("sweep");
    } catch (DescriptorException e) {
      return false;
    }
  }

  /**
   * Reads and validates a sweep.
   *
   * @throws DescriptorException naming the file, key path and line of the first problem
   */
  public static SweepDescriptor read(Path file) throws DescriptorException {
    Path abs = file.toAbsolutePath().normalize();
    Mapping top = DescriptorReader.parse(abs);
    Section root = new Section(abs, "", top, top.location());
    if (!root.has("sweep")) {
      throw root.error(null, "not a sweep: there is no sweep section",
          "add a sweep: section, or run the file as an experiment (sae:train, sae:evaluate)");
    }
    String name = root.string("name", null, Descriptor.NAME,
        "allowed: 1 to 64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit");
    String description = root.string("description", "", ANY_TEXT, "allowed: free text");
    Section sweep = root.section("sweep", true);
    sweep.allowOnly(SWEEP_KEYS);
    Section data = root.section("data", true);
    SweepSettings settings = settings(sweep, root, data);

    List<Cell> cells = new ArrayList<>();
    Design design = design(sweep, data, root, cells);
    Section lrSection = sweep.section("lr", false);
    if (sweep.has("lr")) {
      lrCells(lrSection, data, root, design, cells);
    }
    boolean lrVaries = distinct(cells, LR) > 1;
    boolean l1Varies = distinct(cells, L1) > 1;
    Mapping shared = sharedTree(top, data, cells);

    Map<String, SweepPoint> points = new LinkedHashMap<>();
    for (Cell cell : cells) {
      Descriptor bound = bind(abs, shared, cell);
      String id = id(bound, lrVaries, l1Varies);
      Descriptor point = new Descriptor(bound.file(), id, "point " + id + " of sweep " + name, bound.seed(),
          bound.backend(), bound.data(), bound.sae(), bound.training(), bound.evaluation(), List.of(),
          bound.analyses());
      SweepPoint earlier = points.get(id);
      Set<Role> roles = EnumSet.of(cell.role());
      if (earlier != null) {
        roles.addAll(earlier.roles());
      }
      Double budget = earlier != null && earlier.budget() != null ? earlier.budget() : cell.budget();
      points.put(id, new SweepPoint(id, point, budget, roles));
    }
    if (points.size() < 2) {
      throw sweep.error(null, "the sweep has " + points.size() + " point", "a sweep needs at least 2 points");
    }
    List<SweepPoint> list = List.copyOf(points.values());
    List<AnalysisSpec<?>> analyses = list.getFirst().descriptor().analyses();
    onlyEvaluationAnalyses(root, analyses);
    String source = data.string("source", null, null, "");
    List<Goal> goals = GoalsReader.read(root.section("goals", false),
        (section, e, metric) -> sweepMetric(section, e, metric, source, lrVaries, analyses));
    return new SweepDescriptor(abs, name, description, design, list, settings, goals,
        hash(name, description, design, settings, list, goals));
  }

  // ---- design: grid, isoflop, lr axis --------------------------------------------------------------------------

  /** One axis value as written (or derived), with where to blame it. */
  private record Value(String key, Node node, String path, String derivation) {
  }

  /** The axis values of one point and why it is in the sweep. */
  private record Cell(List<Value> values, Role role, Double budget) {
    Value value(String key) {
      return values.stream().filter(v -> v.key().equals(key)).findFirst().orElse(null);
    }
  }

  private static Design design(Section sweep, Section data, Section root, List<Cell> cells)
      throws DescriptorException {
    boolean grid = sweep.has("grid");
    boolean isoflop = sweep.has("isoflop");
    if (grid == isoflop) {
      throw sweep.error(grid ? "isoflop" : null, grid ? "grid and isoflop are both given" : "neither grid nor "
          + "isoflop is given", "a sweep has either a grid (axes as lists) or an isoflop design (budgets and sizes)");
    }
    if (grid) {
      Section g = sweep.section("grid", true);
      Map<String, List<Value>> axes = axes(g, AXES);
      if (axes.isEmpty()) {
        throw g.error(null, "the grid has no axis", "allowed axes: " + String.join(", ", AXES));
      }
      product(new ArrayList<>(axes.values()), 0, new ArrayList<>(), cells);
      return Design.GRID;
    }
    Section iso = sweep.section("isoflop", true);
    iso.allowOnly(List.of("budgets", FEATURES));
    List<Value> budgets = list(iso, "budgets");
    List<Value> sizes = list(iso, FEATURES);
    if (budgets.size() < 2) {
      throw iso.error("budgets", budgets.size() + " budget", "allowed: at least 2 budgets (a power law of C)");
    }
    if (sizes.size() < 3) {
      throw iso.error(FEATURES, sizes.size() + " dictionary sizes", "allowed: at least 3 sizes per budget (the "
          + "minimum of a parabola in log size)");
    }
    int dim = dimension(data, iso);
    int batch = batchSize(root);
    for (Value b : budgets) {
      double c = positive(iso, b);
      for (Value size : sizes) {
        cells.add(new Cell(List.of(size, isoflopTokens(b, c, integer(iso, size), dim, batch)), Role.ISOFLOP, c));
      }
    }
    return Design.ISOFLOP;
  }

  /** The training tokens of size {@code m} at budget C: C / (6·n·m), rounded down to whole batches. */
  private static Value isoflopTokens(Value budget, double c, long m, int dim, int batch) {
    long tokens = (long) Math.floor(c / (6.0 * dim * m) / batch) * batch;
    Location at = budget.node().location();
    Scalar derived = new Scalar(JsonToken.VALUE_NUMBER_INT, Long.toString(tokens), tokens, at);
    return new Value(TOKENS, derived, budget.path(), "budget C = " + text(budget) + " at " + m
        + " features gives training.tokens = C / (6·" + dim + "·" + m + "), rounded down to whole batches of " + batch
        + ", = " + tokens + ": ");
  }

  private static int batchSize(Section root) throws DescriptorException {
    return root.section("training", false).intValue("batchSize", TrainingSpec.DEFAULTS.batchSize(), 1,
        TrainingSpec.MAX_BATCH_SIZE);
  }

  /**
   * The lr axis: each learning rate at each of the listed points; in an isoFLOP design a point may give its
   * {@code budget} instead of {@code training.tokens}.
   */
  private static void lrCells(Section lr, Section data, Section root, Design design, List<Cell> cells)
      throws DescriptorException {
    lr.allowOnly(List.of("values", "at"));
    List<Value> rates = list(lr, "values");
    if (rates.size() < 2) {
      throw lr.error("values", rates.size() + " learning rate", "allowed: at least 2 learning rates");
    }
    List<Value> renamed = new ArrayList<>();
    for (Value r : rates) {
      renamed.add(new Value(LR, r.node(), r.path(), r.derivation()));
    }
    Node at = lr.node("at");
    if (!(at instanceof Sequence seq) || seq.items().isEmpty()) {
      throw lr.error("at", at == null ? "missing required key" : "expected a non-empty list, got "
          + Section.describe(at), "allowed: a list of points, e.g. [{sae.features: 256, training.tokens: 500000}]");
    }
    List<String> allowed = design == Design.ISOFLOP ? List.of(FEATURES, TOKENS, L1, BUDGET)
        : List.of(FEATURES, TOKENS, L1);
    for (int i = 0; i < seq.items().size(); i++) {
      Node item = seq.items().get(i);
      String path = lr.keyPath("at") + "[" + i + "]";
      if (!(item instanceof Mapping m)) {
        throw new DescriptorException(lr.file(), path, item.location().line(), item.location().column(),
            "expected a mapping of axis values, got " + Section.describe(item),
            "allowed: e.g. {sae.features: 256, training.tokens: 500000}");
      }
      Section point = new Section(lr.file(), path, m, item.location());
      List<Value> fixed = new ArrayList<>();
      for (Entry e : flatten(point, "", new LinkedHashMap<>()).values()) {
        checkAxis(point, e, allowed);
        if (!(e.value() instanceof Scalar)) {
          throw new DescriptorException(lr.file(), point.keyPath(e.key()), e.keyLocation().line(),
              e.keyLocation().column(), "expected a single value, got " + Section.describe(e.value()),
              "allowed: one value per axis here");
        }
        fixed.add(new Value(e.key(), e.value(), point.keyPath(e.key()), ""));
      }
      Value budget = fixed.stream().filter(v -> v.key().equals(BUDGET)).findFirst().orElse(null);
      Double c = null;
      if (budget != null) {
        Value size = fixed.stream().filter(v -> v.key().equals(FEATURES)).findFirst().orElse(null);
        if (size == null || fixed.stream().anyMatch(v -> v.key().equals(TOKENS))) {
          throw point.error(null, "a point with a budget needs sae.features and no training.tokens",
              "allowed: e.g. {sae.features: 128, budget: 1.0e9}");
        }
        c = positive(point, budget);
        fixed.remove(budget);
        fixed.add(isoflopTokens(budget, c, integer(point, size), dimension(data, point), batchSize(root)));
      }
      for (Value r : renamed) {
        List<Value> values = new ArrayList<>(fixed);
        values.add(r);
        cells.add(new Cell(values, Role.LR, c));
      }
    }
  }

  /** The grid's axes: each an allowed key with a non-empty list of distinct values. */
  private static Map<String, List<Value>> axes(Section grid, List<String> allowed) throws DescriptorException {
    Map<String, List<Value>> axes = new LinkedHashMap<>();
    for (Entry e : flatten(grid, "", new LinkedHashMap<>()).values()) {
      checkAxis(grid, e, allowed);
      axes.put(e.key(), list(grid, e.key()));
    }
    return axes;
  }

  /** The entries of a section with nested mappings flattened into dotted keys ({@code sae: {features: …}}). */
  private static Map<String, Entry> flatten(Section s, String prefix, Map<String, Entry> out)
      throws DescriptorException {
    for (Entry e : s.entries().values()) {
      String key = prefix + e.key();
      if (e.value() instanceof Mapping m && !key.contains(".")) {
        flatten(new Section(s.file(), s.keyPath(e.key()), m, e.keyLocation()), key + ".", out);
      } else {
        if (out.containsKey(key)) {
          throw s.error(e.key(), "axis " + key + " is given twice", "write each axis once");
        }
        out.put(key, new Entry(key, e.keyLocation(), e.value()));
      }
    }
    return out;
  }

  /** Rejects a flattened entry whose key is not an axis allowed here, naming it and its line. */
  private static void checkAxis(Section s, Entry flat, List<String> allowed) throws DescriptorException {
    String key = flat.key();
    if (allowed.contains(key)) {
      return;
    }
    String near = Suggestions.closest(key, allowed);
    String problem = AXES.contains(key) ? key + " cannot be an axis here"
        : "no descriptor key " + key + " can be swept";
    Location at = flat.keyLocation();
    throw new DescriptorException(s.file(), s.keyPath(key), at.line(), at.column(), problem,
        (near == null ? "" : "did you mean " + near + "? ") + "allowed axes here: " + String.join(", ", allowed));
  }

  /** A non-empty list of distinct scalars under {@code key} (a dotted axis key written flat or nested). */
  private static List<Value> list(Section s, String key) throws DescriptorException {
    Entry e = findFlat(s, key);
    Location keyAt = e == null ? s.locate(key) : e.keyLocation();
    String path = s.keyPath(key);
    if (e == null || e.value() instanceof Scalar sc && sc.isNull()) {
      throw new DescriptorException(s.file(), path, keyAt.line(), keyAt.column(), "missing required key",
          "allowed: a list of values, e.g. [64, 128, 256]");
    }
    if (!(e.value() instanceof Sequence seq)) {
      throw new DescriptorException(s.file(), path, keyAt.line(), keyAt.column(), "expected a list of values, got "
          + Section.describe(e.value()), "write the values as a list, e.g. [64, 128, 256]");
    }
    if (seq.items().isEmpty()) {
      throw new DescriptorException(s.file(), path, keyAt.line(), keyAt.column(), "the list is empty",
          "allowed: at least one value");
    }
    List<Value> values = new ArrayList<>();
    Map<BigDecimal, Integer> seen = new TreeMap<>();
    for (Node item : seq.items()) {
      String itemPath = path + "[" + values.size() + "]";
      Location at = item.location();
      if (!(item instanceof Scalar sc) || sc.isNull()) {
        throw new DescriptorException(s.file(), itemPath, at.line(), at.column(), "expected a single value, got "
            + Section.describe(item), "allowed: numbers");
      }
      if (sc.number() != null && Double.isFinite(sc.number().doubleValue())) {
        BigDecimal v = new BigDecimal(sc.number().toString());
        Integer first = seen.putIfAbsent(v.stripTrailingZeros(), values.size());
        if (first != null) {
          throw new DescriptorException(s.file(), itemPath, at.line(), at.column(), "value " + sc.text()
              + " is listed twice (first at " + path + "[" + first + "])", "list each value once");
        }
      }
      values.add(new Value(key, item, itemPath, ""));
    }
    return values;
  }

  private static Entry findFlat(Section s, String dotted) throws DescriptorException {
    return flatten(s, "", new LinkedHashMap<>()).get(dotted);
  }

  private static void product(List<List<Value>> axes, int depth, List<Value> chosen, List<Cell> cells) {
    if (depth == axes.size()) {
      cells.add(new Cell(List.copyOf(chosen), Role.GRID, null));
      return;
    }
    for (Value v : axes.get(depth)) {
      chosen.add(v);
      product(axes, depth + 1, chosen, cells);
      chosen.removeLast();
    }
  }

  /** n: the activation dimension, which an isoFLOP design needs to turn C into tokens. */
  private static int dimension(Section data, Section iso) throws DescriptorException {
    String source = data.string("source", null, null, "allowed: synthetic, arrow, harvest");
    if (SyntheticData.SOURCE.equals(source)) {
      return data.intValue("dim", null, 1, SyntheticData.MAX_DIM);
    }
    if (HarvestData.SOURCE.equals(source)) {
      String model = data.string("model", null, null, "allowed: a model name, e.g. all-minilm-l6-v2");
      try {
        return Models.byName(model).hidden();
      } catch (IllegalArgumentException e) {
        throw data.error("model", e.getMessage(), "allowed models: " + String.join(", ", Models.names()));
      }
    }
    throw iso.error(null, "an isoFLOP design needs the activation dimension n, which is known only for synthetic and "
        + "harvested data", "use a grid with a training.tokens axis for data.source arrow");
  }

  private static double positive(Section s, Value v) throws DescriptorException {
    Scalar sc = (Scalar) v.node();
    if (sc.number() == null || !(sc.number().doubleValue() > 0) || !Double.isFinite(sc.number().doubleValue())) {
      Location at = sc.location();
      throw new DescriptorException(s.file(), v.path(), at.line(), at.column(), "expected a positive number, got "
          + Section.describe(sc), "allowed: a compute budget C in FLOPs, e.g. 1.0e12");
    }
    return sc.number().doubleValue();
  }

  private static long integer(Section s, Value v) throws DescriptorException {
    Scalar sc = (Scalar) v.node();
    if (sc.token() != JsonToken.VALUE_NUMBER_INT || sc.number() == null || sc.number().longValue() < 1) {
      Location at = sc.location();
      throw new DescriptorException(s.file(), v.path(), at.line(), at.column(), "expected an integer >= 1, got "
          + Section.describe(sc), "allowed: a dictionary size, e.g. 256");
    }
    return sc.number().longValue();
  }

  private static String text(Value v) {
    return ((Scalar) v.node()).text();
  }

  private static long distinct(List<Cell> cells, String key) {
    return cells.stream().map(c -> c.value(key)).map(v -> v == null ? "" : numeric(v)).distinct().count();
  }

  private static String numeric(Value v) {
    Scalar sc = (Scalar) v.node();
    return sc.number() == null ? sc.text() : new BigDecimal(sc.number().toString()).stripTrailingZeros().toString();
  }

  // ---- binding points ------------------------------------------------------------------------------------------

  /**
   * The file's tree without the sweep-only sections, with {@code data.tokens} derived from the largest token count
   * when the descriptor leaves it out (the data set is made once, at the largest count).
   */
  private static Mapping sharedTree(Mapping top, Section data, List<Cell> cells) throws DescriptorException {
    Map<String, Entry> entries = new LinkedHashMap<>(top.entries());
    entries.remove("sweep");
    entries.remove("goals");
    entries.remove("harvest");
    String source = data.string("source", null, null, "allowed: synthetic, arrow, harvest");
    if (data.has("tokens") || ArrowData.SOURCE.equals(source)) {
      return new Mapping(entries, top.location());
    }
    long largest = 0;
    for (Cell c : cells) {
      Value t = c.value(TOKENS);
      if (t == null) {
        throw data.error("tokens", "missing required key", "a sweep may leave data.tokens out only when every point "
            + "sets training.tokens (then the data set holds the largest count plus data.evalTokens)");
      }
      if (t.node() instanceof Scalar sc && sc.token() == JsonToken.VALUE_NUMBER_INT && sc.number() != null) {
        largest = Math.max(largest, sc.number().longValue());
      }
    }
    if (!data.has("evalTokens")) {
      throw data.error("evalTokens", "missing required key", "a sweep without data.tokens needs data.evalTokens "
          + "(the data set then holds the largest training.tokens plus data.evalTokens)");
    }
    long eval = data.integer("evalTokens", null, 1, Long.MAX_VALUE);
    long tokens = Math.addExact(largest, eval);
    Map<String, Entry> dataEntries = new LinkedHashMap<>(((Mapping) top.entries().get("data").value()).entries());
    Location at = data.locate("tokens");
    dataEntries.put("tokens", new Entry("tokens", at,
        new Scalar(JsonToken.VALUE_NUMBER_INT, Long.toString(tokens), tokens, at)));
    Entry dataEntry = top.entries().get("data");
    entries.put("data", new Entry("data", dataEntry.keyLocation(), new Mapping(dataEntries,
        dataEntry.value().location())));
    return new Mapping(entries, top.location());
  }

  /** Binds one point: the shared tree with its axis values put in, read by the experiment rules. */
  private static Descriptor bind(Path file, Mapping shared, Cell cell) throws DescriptorException {
    Mapping tree = shared;
    for (Value v : cell.values()) {
      tree = with(tree, v.key().split("\\."), 0, v.node());
    }
    try {
      return DescriptorReader.bind(new Section(file, "", tree, tree.location()), file);
    } catch (DescriptorException e) {
      for (Value v : cell.values()) {
        if (v.key().equals(e.keyPath())) {
          throw new DescriptorException(file, v.path(), e.line(), e.column(), v.derivation() + e.problem(),
              e.allowed());
        }
      }
      throw e;
    }
  }

  /** {@code m} with the value at {@code path[depth..]} replaced; the new key is blamed at the value's location. */
  private static Mapping with(Mapping m, String[] path, int depth, Node value) {
    Map<String, Entry> entries = new LinkedHashMap<>(m.entries());
    String key = path[depth];
    Entry old = entries.get(key);
    if (depth == path.length - 1) {
      entries.put(key, new Entry(key, value.location(), value));
    } else {
      Mapping child = old != null && old.value() instanceof Mapping c ? c : new Mapping(Map.of(), value.location());
      entries.put(key, new Entry(key, old == null ? value.location() : old.keyLocation(),
          with(child, path, depth + 1, value)));
    }
    return new Mapping(entries, m.location());
  }

  /**
   * A point's name from its values: {@code f<features>-t<tokens>}, then {@code -lr<lr>} and {@code -lambda<λ>} when
   * the sweep varies them; token counts in k or m when exact ({@code t500k}).
   */
  static String id(Descriptor d, boolean lrVaries, boolean l1Varies) {
    StringBuilder id = new StringBuilder("f").append(d.sae().features());
    long tokens = d.training().tokens();
    if (tokens != TrainingSpec.ALL_TOKENS) {
      id.append("-t").append(tokens % 1_000_000 == 0 ? tokens / 1_000_000 + "m"
          : tokens % 1000 == 0 ? tokens / 1000 + "k" : Long.toString(tokens));
    }
    if (lrVaries) {
      id.append("-lr").append(Goal.plain(d.training().lr()));
    }
    if (l1Varies) {
      id.append("-lambda").append(Goal.plain(d.training().l1()));
    }
    return id.toString();
  }

  // ---- settings, goals, hash -----------------------------------------------------------------------------------

  private static SweepSettings settings(Section sweep, Section root, Section data) throws DescriptorException {
    int parallel = sweep.intValue("parallel", 1, 1, 1024);
    String runner = sweep.string("runner", SweepSettings.LOCAL, RUNNER, "allowed: local, spark");
    int bootstrap = sweep.intValue("bootstrap", SweepSettings.DEFAULT_BOOTSTRAP, SweepSettings.MIN_BOOTSTRAP,
        MAX_BOOTSTRAP);
    Section harvest = root.section("harvest", false);
    harvest.allowOnly(List.of("runner", "shardTokens"));
    if (root.has("harvest") && !HarvestData.SOURCE.equals(data.string("source", null, null, ""))) {
      throw root.error("harvest", "a harvest section needs data.source harvest", "remove it, or harvest the data");
    }
    String harvestRunner = harvest.string("runner", SweepSettings.LOCAL, RUNNER, "allowed: local, spark");
    long shardTokens = harvest.integer("shardTokens", WriterOptions.DEFAULT_ROWS_PER_SHARD, 1, Long.MAX_VALUE);
    return new SweepSettings(parallel, runner, bootstrap, harvestRunner, shardTokens);
  }

  /**
   * A point is trained and evaluated, not analysed: an analysis of stage analyze would never run for it, so the
   * sweep refuses it rather than leave it out silently.
   */
  private static void onlyEvaluationAnalyses(Section root, List<AnalysisSpec<?>> analyses)
      throws DescriptorException {
    for (AnalysisSpec<?> spec : analyses) {
      if (spec.analysis().stage() == Stage.ANALYZE) {
        throw root.section("analysis", false).error(spec.name(), "analysis " + spec.name() + " runs in sae:analyze, "
            + "which a sweep's points do not run (they are trained and evaluated)", "remove it from the sweep, or "
            + "run it on one point's run directory as an experiment");
      }
    }
  }

  /**
   * The sweep figure or point metric a goal names. A point metric other than {@value SweepGoalKey#LOSS} is resolved
   * as an experiment's goal would be ({@link GoalsReader#experimentMetric}), so it is one the points record.
   */
  private static SweepGoalKey sweepMetric(Section goals, Entry e, String metric, String source, boolean lrVaries,
                                          List<AnalysisSpec<?>> analyses) throws DescriptorException {
    SweepGoalKey.Kind kind = SweepGoalKey.Kind.of(metric);
    String rest = kind == null ? "" : metric.substring(kind.prefix().length());
    if (kind == SweepGoalKey.Kind.FIT) {
      String[] parts = rest.split("\\.", -1);
      if (parts.length == 2 && SweepGoalKey.FITS.contains(parts[0]) && SweepGoalKey.FIGURES.contains(parts[1])) {
        if (parts[0].equals("lr") && !lrVaries) {
          throw goals.error(e.key(), metric + " needs a learning-rate axis", "add sweep.lr (values and at) or "
              + "training.lr to sweep.grid, or remove this goal");
        }
        return SweepGoalKey.fit(parts[0], parts[1]);
      }
    } else if (kind != null && rest.equals(SweepGoalKey.LOSS)) {
      return SweepGoalKey.point(kind, null);
    } else if (kind != null && (rest.startsWith(AnalysisMetric.PREFIX) || GoalMetric.ofKey(rest) != null)) {
      return SweepGoalKey.point(kind, GoalsReader.experimentMetric(goals, e, rest, source, analyses));
    }
    String near = Suggestions.closest(metric, SweepGoalKey.keys());
    throw goals.error(e.key(), "unknown sweep goal " + metric, (near == null ? "" : "did you mean " + near + "? ")
        + "allowed: fit.<" + String.join("|", SweepGoalKey.FITS) + ">.<" + String.join("|", SweepGoalKey.FIGURES)
        + ">, everyPoint.<metric>, frontierPoint.<metric> with metric one of " + String.join(", ",
        SweepGoalKey.pointMetrics()) + " or analysis.<analysis>.<name> of an analysis the points run");
  }

  /** The sweep's identity: its points' descriptor hashes and roles, the analysis settings and the goals. */
  private static String hash(String name, String description, Design design, SweepSettings settings,
                             List<SweepPoint> points, List<Goal> goals) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("format", FORMAT);
    tree.put("name", name);
    tree.put("description", description);
    tree.put("design", design.name());
    tree.put("bootstrap", settings.bootstrap());
    Map<String, Object> byId = new LinkedHashMap<>();
    for (SweepPoint p : points) {
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("descriptorHash", DescriptorHash.of(p.descriptor()));
      point.put("roles", p.roles().stream().map(Enum::name).sorted().toList());
      if (p.budget() != null) {
        point.put("budget", BigDecimal.valueOf(p.budget()).stripTrailingZeros().toPlainString());
      }
      byId.put(p.id(), point);
    }
    tree.put("points", byId);
    Map<String, Object> g = new LinkedHashMap<>();
    goals.forEach(goal -> g.put(goal.metric(), goal.expression()));
    tree.put("goals", g);
    return AtomicFiles.sha256(DescriptorHash.canonicalJson(tree));
  }
}
