package org.sae4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.sae4j.core.analysis.completeness.CompletenessResult;

/**
 * The completeness curves to draw together: this run's and those of the runs beside it (the other points of a sweep,
 * or other experiments in the same output directory) trained on the same data set, so that the curve can be read
 * against dictionary size; and, when a sweep is named, the curve of each of its dictionary sizes from its
 * sweep.json (its own data set: the frequency bins count that data set's training occurrences).
 */
final class CompletenessRuns {
  /** System property naming a sweep whose curves the report adds: its name beside the run, or its directory. */
  static final String SWEEP_PROPERTY = "sae4j.reportSweep";

  private CompletenessRuns() {
  }

  /**
   * Figures by legend label ("m features (name)", a sweep's "m features (sweep name)"), in order of dictionary size.
   *
   * @param sweep a sweep directory (holding sweep.json) whose curves are added, or null
   * @throws IOException naming the file when the sweep has no sweep.json or it holds no completeness
   */
  static Map<String, JsonNode> find(RunFiles files, Path sweep) throws IOException {
    Map<String, JsonNode> byLabel = new TreeMap<>((a, b) -> {
      int c = Integer.compare(size(a), size(b));
      return c != 0 ? c : a.compareTo(b);
    });
    String fingerprint = files.run().dataFingerprint();
    Path parent = files.dir().toAbsolutePath().getParent();
    if (parent != null && fingerprint != null) {
      try (Stream<Path> siblings = Files.list(parent)) {
        for (Path d : siblings.filter(Files::isDirectory).sorted().toList()) {
          Path figures = d.resolve("analysis/completeness/completeness.json");
          Path run = d.resolve("run.json");
          if (d.equals(files.dir().toAbsolutePath()) || !Files.isRegularFile(figures) || !Files.isRegularFile(run)) {
            continue;
          }
          JsonNode record = RunFiles.JSON.readTree(run.toFile());
          if (fingerprint.equals(record.path("dataFingerprint").asText())) {
            JsonNode c = RunFiles.JSON.readTree(figures.toFile());
            byLabel.put(label(c, d.getFileName().toString()), c);
          }
        }
      }
    }
    if (sweep != null) {
      Path json = sweep.resolve("sweep.json");
      if (!Files.isRegularFile(json)) {
        throw new IOException(json + " does not exist: the sweep named by -D" + SWEEP_PROPERTY + " must have run "
            + "(sae:sweep, or sae4j sweep run)");
      }
      JsonNode sizes = RunFiles.JSON.readTree(json.toFile()).path("completeness");
      if (!sizes.isArray() || sizes.isEmpty()) {
        throw new IOException(json + " holds no completeness curves (a sweep on harvested data run by this version "
            + "of sae4j has them): run the sweep again");
      }
      for (JsonNode size : sizes) {
        byLabel.put(size.path("features").asInt() + " features (sweep " + sweep.getFileName() + ")", size);
      }
    }
    files.analysis("completeness").ifPresent(c -> byLabel.put(label(c, files.run().name()), c));
    return byLabel;
  }

  /**
   * The sweep directory {@code name} stands for: a sweep of that name in the run's output directory (beside the
   * run), else {@code name} as a path; null when {@code name} is null.
   */
  static Path sweepDirectory(Path runDir, String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    Path parent = runDir.toAbsolutePath().getParent();
    Path beside = parent == null ? null : parent.resolve(name);
    return beside != null && Files.isDirectory(beside) ? beside : Path.of(name);
  }

  /** The bins of a curve's figures (completeness.json, or one size of sweep.json). */
  static List<CompletenessResult.Bin> bins(JsonNode figures) {
    List<CompletenessResult.Bin> out = new ArrayList<>();
    for (JsonNode b : figures.path("bins")) {
      out.add(new CompletenessResult.Bin(b.path("low").asDouble(), b.path("high").asDouble(), b.path("words").asInt(),
          b.path("withFeature").asInt()));
    }
    return out;
  }

  private static String label(JsonNode c, String name) {
    return c.path("features").asInt() + " features (" + name + ")";
  }

  private static int size(String label) {
    return Integer.parseInt(label.substring(0, label.indexOf(' ')));
  }
}
