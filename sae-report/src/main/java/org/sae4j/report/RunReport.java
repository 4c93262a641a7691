package org.sae4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.sae4j.core.checkpoint.Checkpoint;
import org.sae4j.core.checkpoint.Safetensors;
import org.sae4j.core.checkpoint.Tensor;
import org.sae4j.core.descriptor.HarvestData;
import org.sae4j.core.goal.GoalChecker;
import org.sae4j.core.goal.GoalOutcome;
import org.sae4j.core.goal.GoalReport;
import org.sae4j.harvest.Models;
import org.sae4j.harvest.ModelSpec;
import org.sae4j.harvest.OnnxBertReader;
import org.sae4j.harvest.WordPieceTokenizer;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.store.AtomicFiles;

/**
 * Writes a run's report: {@code <run>/report/} (index.html with the summary, goals, curves, density histogram,
 * metrics and analyses; features.html, an index of every feature filterable by density and searchable by token;
 * features/f&lt;i&gt;.html, one page per most active feature; charts/*.svg; style.css), plus {@code features.jsonl} in
 * the run directory and {@code checkpoint/sparsity.safetensors}. Everything opens from disk: relative links, SVG
 * images, one small script, no network. The directory is built as {@code .report.partial} and renamed when complete.
 */
public final class RunReport {
  /** Features with a page of their own by default: the most active ones. */
  public static final int DEFAULT_PAGES = 256;
  static final int NEIGHBOURS = 8;
  static final int ALIGNED_TOKENS = 10;

  private final Path runDir;
  private final int pages;
  private final Path sweep;
  private final int threads;
  private final Consumer<String> log;
  private final Html html = new Html();

  /**
   * @param runDir the run directory ({@code target/sae/<name>})
   * @param pages how many of the most active features get a page
   * @param log receives progress lines
   */
  public RunReport(Path runDir, int pages, Consumer<String> log) {
    this(runDir, pages, null, log);
  }

  /**
   * @param runDir the run directory ({@code target/sae/<name>})
   * @param pages how many of the most active features get a page
   * @param sweep a sweep directory whose completeness curves the completeness chart adds, or null
   * @param log receives progress lines
   */
  public RunReport(Path runDir, int pages, Path sweep, Consumer<String> log) {
    this(runDir, pages, sweep, Runtime.getRuntime().availableProcessors(), log);
  }

  /**
   * @param runDir the run directory ({@code target/sae/<name>})
   * @param pages how many of the most active features get a page
   * @param sweep a sweep directory whose completeness curves the completeness chart adds, or null
   * @param threads the threads that build pages and scan directions (the files do not depend on it), at least 1
   * @param log receives progress lines
   */
  public RunReport(Path runDir, int pages, Path sweep, int threads, Consumer<String> log) {
    if (pages < 0) {
      throw new IllegalArgumentException("pages must be >= 0, got " + pages);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.runDir = runDir;
    this.pages = pages;
    this.sweep = sweep;
    this.threads = threads;
    this.log = log;
  }

  /**
   * Writes the report and returns its index page.
   *
   * @throws IOException naming a file of the run that is missing or unreadable
   */
  public Path write() throws IOException {
    long start = System.nanoTime();
    RunFiles files = RunFiles.read(runDir);
    JsonNode runJson = RunFiles.JSON.readTree(runDir.resolve("run.json").toFile());
    Path partial = runDir.resolve(".report.partial");
    deleteTree(partial);
    Files.createDirectories(partial.resolve("charts"));
    Files.createDirectories(partial.resolve("features"));

    HarvestData harvest = files.descriptor() != null && files.descriptor().data() instanceof HarvestData h ? h : null;
    int pageCount;
    try (ReportThreads work = new ReportThreads(threads); Vocabulary vocab = Vocabulary.open(harvest)) {
      // The model's embeddings are parsed while the checkpoint is read and verified: both take a while.
      Future<SaeParameters> saeRead = work.start(() -> checkpoint(files));
      Future<float[]> embeddingsRead = work.start(() -> vocab == null ? null : vocab.unitEmbeddings());
      SaeParameters sae = ReportThreads.join(saeRead);
      int features = sae != null ? sae.features() : files.fireCounts() != null ? files.fireCounts().length : 0;
      FeatureTable table = new FeatureTable(files, features, vocab == null ? null : vocab::token);
      ReportCharts charts = new ReportCharts(partial.resolve("charts"));
      Map<String, Object> model = new LinkedHashMap<>();
      model.put("title", files.run().name());
      model.put("summary", summary(files, runJson, features));
      model.put("descriptorText", files.descriptorText());
      model.put("descriptorProblem", files.descriptorProblem());
      model.put("goals", goals(files));
      model.put("metrics", flatten(runJson.path("metrics"), ""));
      model.put("curves", charts.curves(files.curve()));
      model.put("density", charts.density(files.evaluation()));
      model.put("analyses", new AnalysisSections(files, charts, sweep).sections());
      model.put("features", features);
      model.put("featureTokens", table.tokens());
      model.put("hasContexts", table.hasContexts());

      List<Integer> paged = table.mostActive(pages);
      Directions directions = sae == null ? null : new Directions(sae.decoderWeight(), sae.inputDim());
      int[] pagedIds = paged.stream().mapToInt(Integer::intValue).toArray();
      List<List<Directions.Scored>> nearest = directions == null ? null
          : directions.nearestFeatures(pagedIds, NEIGHBOURS, work);
      float[] embeddings = ReportThreads.join(embeddingsRead);
      List<List<Directions.Scored>> aligned = embeddings == null || directions == null
          || vocab.hidden() != sae.inputDim() ? null
          : directions.alignedTokens(pagedIds, embeddings, ALIGNED_TOKENS, work);
      List<Map<String, Object>> pageModels = work.map(pagedIds.length, p -> {
        int i = pagedIds[p];
        Map<String, Object> page = FeaturePage.model(i, table, nearest == null ? List.of() : nearest.get(p),
            aligned == null ? List.of() : aligned.get(p), vocab, charts);
        html.write("feature.ftlh", Map.of("f", page, "title", files.run().name() + " · feature " + i),
            partial.resolve("features").resolve("f" + i + ".html"));
        return page;
      });
      List<Map<String, Object>> top = new ArrayList<>(pageModels.subList(0, Math.min(20, pageModels.size())));
      model.put("topFeatures", top);
      model.put("pages", paged.size());
      html.write("index.ftlh", model, partial.resolve("index.html"));
      html.write("features.ftlh", Map.of("title", files.run().name() + " · features", "features", features,
          "pages", paged.size()), partial.resolve("features.html"));
      AtomicFiles.writeString(partial.resolve("features-data.js"), FeatureIndex.script(table, paged));
      AtomicFiles.writeString(partial.resolve("style.css"), Html.resource("style.css"));
      AtomicFiles.writeString(partial.resolve("features.js"), Html.resource("features.js"));
      AtomicFiles.writeString(runDir.resolve("features.jsonl"), FeatureIndex.jsonl(table, paged, work));
      if (sae != null && files.fireCounts() != null) {
        writeSparsity(table, runDir.resolve("checkpoint"));
      }
      pageCount = pagedIds.length;
    }
    Path target = runDir.resolve("report");
    Path old = runDir.resolve(".report.old");
    deleteTree(old);
    if (Files.exists(target)) {
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    deleteTree(old);
    log.accept(String.format("report of %s: %s (%d feature pages, %.1f s)", files.run().name(),
        target.resolve("index.html"), pageCount, (System.nanoTime() - start) / 1e9));
    return target.resolve("index.html");
  }

  private static SaeParameters checkpoint(RunFiles files) throws IOException {
    Path dir = files.dir().resolve("checkpoint");
    return Files.isRegularFile(dir.resolve(Checkpoint.WEIGHTS)) ? Checkpoint.readExported(dir) : null;
  }

  /**
   * {@code sparsity.safetensors} beside the SAELens checkpoint: tensor {@code sparsity}, shape [d_sae], log10 of each
   * feature's firing rate on the held-out tokens, with 1e-10 added as SAELens does (a dead feature is -10).
   */
  static void writeSparsity(FeatureTable table, Path checkpointDir) throws IOException {
    float[] log10 = new float[table.features()];
    for (int i = 0; i < log10.length; i++) {
      log10[i] = (float) Math.log10(table.density(i) + 1e-10);
    }
    Safetensors.write(checkpointDir.resolve("sparsity.safetensors"),
        List.of(Tensor.of("sparsity", log10, log10.length)),
        Map.of("description", "log10(feature firing rate on held-out tokens + 1e-10)",
            "tokens", Long.toString(table.tokens())));
  }

  private static Map<String, Object> summary(RunFiles files, JsonNode run, int features) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("name", run.path("name").asText());
    if (files.descriptor() != null && files.descriptor().description() != null) {
      s.put("description", files.descriptor().description());
    }
    s.put("status", run.path("status").asText());
    s.put("rows", rows(run, features));
    return s;
  }

  private static List<List<String>> rows(JsonNode run, int features) {
    List<List<String>> rows = new ArrayList<>();
    add(rows, "descriptor hash", run.path("descriptorHash"));
    add(rows, "seed", run.path("seed"));
    add(rows, "features", features > 0 ? Integer.toString(features) : null);
    add(rows, "backend", run.path("backend"));
    add(rows, "device", run.path("device"));
    add(rows, "threads", run.path("threads"));
    JsonNode data = run.path("data");
    add(rows, "data set", data.path("directory"));
    if (data.has("rows")) {
      rows.add(List.of("data", String.format("%,d rows of dimension %d: %,d trained on, %,d held out",
          data.path("rows").asLong(), data.path("dim").asInt(), data.path("trainRows").asLong(),
          data.path("evalRows").asLong())));
    }
    add(rows, "data fingerprint", run.path("dataFingerprint"));
    add(rows, "input scale s", run.path("inputScale"));
    JsonNode t = run.path("training");
    if (t.has("steps")) {
      rows.add(List.of("training", String.format("%,d steps, %,d tokens in %.1f s (%,.0f tokens/s)",
          t.path("steps").asLong(), t.path("tokens").asLong(), t.path("seconds").asDouble(),
          t.path("tokensPerSecond").asDouble())));
    }
    add(rows, "started", run.path("startedAt"));
    add(rows, "finished", run.path("finishedAt"));
    JsonNode e = run.path("evaluation");
    if (e.has("tokens")) {
      rows.add(List.of("evaluation", String.format("%,d held-out tokens in %.1f s, finished %s",
          e.path("tokens").asLong(), e.path("seconds").asDouble(), e.path("finishedAt").asText())));
    }
    add(rows, "checkpoint sha256", run.path("checkpoint").path("sha256"));
    JsonNode v = run.path("versions");
    if (v.has("sae4j")) {
      rows.add(List.of("versions", String.format("sae4j %s, Java %s (%s), %s, %d cores, %d-bit vectors",
          v.path("sae4j").asText(), v.path("java").asText(), v.path("jvm").asText(), v.path("os").asText(),
          v.path("cpuCores").asInt(), v.path("vectorBits").asInt())));
    }
    return rows;
  }

  private static void add(List<List<String>> rows, String name, JsonNode value) {
    add(rows, name, value.isMissingNode() || value.isNull() ? null : value.asText());
  }

  private static void add(List<List<String>> rows, String name, String value) {
    if (value != null) {
      rows.add(List.of(name, value));
    }
  }

  private static Map<String, Object> goals(RunFiles files) {
    Map<String, Object> g = new LinkedHashMap<>();
    if (files.descriptor() == null || files.run().metrics() == null) {
      g.put("note", files.descriptor() == null ? "The descriptor could not be read, so its goals are not checked."
          : "The run has no metrics yet (status " + files.run().status().json() + "): evaluate it first.");
      g.put("rows", List.of());
      return g;
    }
    GoalReport report = GoalChecker.check(files.descriptor(), files.run().metrics());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (GoalOutcome o : report.outcomes()) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("metric", o.goal().metric());
      r.put("goal", o.goal().expression());
      r.put("value", o.value() == null ? "missing" : o.shownValue());
      r.put("passed", o.passed());
      r.put("message", o.message());
      rows.add(r);
    }
    g.put("rows", rows);
    g.put("passed", report.passed());
    g.put("note", report.outcomes().isEmpty() ? "The descriptor declares no goals." : null);
    return g;
  }

  /** The nested metrics object as (dotted key, value) rows. */
  static List<List<String>> flatten(JsonNode node, String prefix) {
    List<List<String>> rows = new ArrayList<>();
    node.properties().forEach(e -> {
      if (e.getValue().isObject()) {
        rows.addAll(flatten(e.getValue(), prefix + e.getKey() + "."));
      } else {
        rows.add(List.of(prefix + e.getKey(), number(e.getValue())));
      }
    });
    return rows;
  }

  private static String number(JsonNode v) {
    if (v.isIntegralNumber()) {
      return String.format("%,d", v.asLong());
    }
    if (v.isNumber()) {
      return String.format("%.6g", v.asDouble());
    }
    return v.asText();
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The run's tokenizer and input embeddings, for harvested runs. */
  static final class Vocabulary implements AutoCloseable {
    private final ModelSpec spec;
    private final WordPieceTokenizer tokenizer;

    private Vocabulary(ModelSpec spec, WordPieceTokenizer tokenizer) {
      this.spec = spec;
      this.tokenizer = tokenizer;
    }

    static Vocabulary open(HarvestData harvest) throws IOException {
      if (harvest == null) {
        return null;
      }
      ModelSpec spec = Models.byName(harvest.model());
      return new Vocabulary(spec, WordPieceTokenizer.load(spec));
    }

    String token(int id) {
      return tokenizer.token(id);
    }

    /** The width of the model's embeddings (aligned tokens need a dictionary of that width). */
    int hidden() {
      return spec.hidden();
    }

    /** W_E with unit rows, {@link #hidden()} wide. */
    float[] unitEmbeddings() throws IOException {
      float[] w = OnnxBertReader.read(spec.onnxResource(), OnnxBertReader.loadModelProto(spec)).wordEmbeddings();
      return Directions.normalised(w, spec.hidden());
    }

    @Override
    public void close() {
      tokenizer.close();
    }
  }
}
