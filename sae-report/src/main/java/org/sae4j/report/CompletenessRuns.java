package org.sae4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The completeness curves to draw together: this run's and those of the runs beside it (the other points of a sweep,
 * or other experiments in the same output directory) trained on the same data set, so that the curve can be read
 * against dictionary size.
 */
final class CompletenessRuns {
  private CompletenessRuns() {
  }

  /** Figures by legend label ("m features (name)"), in order of dictionary size. */
  static Map<String, JsonNode> find(RunFiles files) throws IOException {
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
    files.analysis("completeness").ifPresent(c -> byLabel.put(label(c, files.run().name()), c));
    return byLabel;
  }

  private static String label(JsonNode c, String name) {
    return c.path("features").asInt() + " features (" + name + ")";
  }

  private static int size(String label) {
    return Integer.parseInt(label.substring(0, label.indexOf(' ')));
  }
}
