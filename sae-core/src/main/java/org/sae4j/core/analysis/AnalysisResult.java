package org.sae4j.core.analysis;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.sae4j.core.run.Metrics;

/**
 * What an analysis produced. The engine writes {@code figures} as {@code <name>.json} and {@code markdown} as
 * {@code <name>.md} into {@code <run>/analysis/<name>/} (with any extra {@code files}), publishes the directory
 * whole, merges {@code metrics} into run.json and logs {@code lines}.
 *
 * @param metrics the metrics it declares (see {@link Analysis#metrics}); may be empty
 * @param figures everything it measured, serialised by Jackson (records, lists, maps)
 * @param markdown the report a person reads
 * @param files further files for its directory by file name (e.g. a CSV of scatter data); may be empty
 * @param lines a few lines for the log
 */
public record AnalysisResult(Metrics metrics, Object figures, String markdown, Map<String, String> files,
                             List<String> lines) {

  public AnalysisResult {
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(figures, "figures");
    Objects.requireNonNull(markdown, "markdown");
    files = Map.copyOf(files);
    lines = List.copyOf(lines);
  }
}
