package org.sae4j.sweep;

import java.nio.file.Path;
import org.sae4j.core.run.RunLayout;

/**
 * Where a sweep's files live: {@code <output>/<name>/} holds {@code sweep.json}, {@code sweep.md}, the plots and
 * {@code points/<id>/}, one ordinary run directory per point; the points' shared data set lives in
 * {@code <output>/data/} like every run's.
 *
 * @param output the output directory (e.g. {@code target/sae})
 * @param name the sweep's name
 */
public record SweepLayout(Path output, String name) {

  /** The sweep's directory. */
  public Path directory() {
    return output.resolve(name);
  }

  /** The directory the points' run directories are in. */
  public Path points() {
    return directory().resolve("points");
  }

  /** The run of point {@code id}: {@code points/<id>/}, its data in {@code <output>/data/}. */
  public RunLayout point(String id) {
    return new RunLayout(points(), id, output.resolve("data"));
  }

  /** The shared data sets' directory. */
  public Path dataRoot() {
    return output.resolve("data");
  }

  public Path sweepJson() {
    return directory().resolve("sweep.json");
  }

  public Path sweepMarkdown() {
    return directory().resolve("sweep.md");
  }

  /** sweep.md as an HTML page in the report's style. */
  public Path sweepPage() {
    return directory().resolve("sweep.html");
  }

  /** The SVG plots. */
  public Path plots() {
    return directory().resolve("plots");
  }
}
