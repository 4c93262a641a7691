package org.sae4j.sweep;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.sae4j.core.run.StaleRunException;
import org.sae4j.store.AtomicFiles;
import org.sae4j.sweep.fit.SweepFits;

/**
 * {@code sweep.json}: every point with its compute, loss and metrics, and every fit with its coefficients,
 * exponents, intervals and R². Written atomically once all points are complete; {@code sae:check} trusts it only
 * when its hash is the descriptor's and every point's run is still complete and current.
 *
 * @param format {@value #FORMAT}
 * @param name the sweep's name
 * @param sweepHash the hash of the sweep descriptor it was made from
 * @param seed the seed (points and bootstrap streams derive from it)
 * @param design {@code GRID} or {@code ISOFLOP}
 * @param dim n, the activation dimension
 * @param dataFingerprint the shared data set's fingerprint
 * @param computeDefinition how C is counted
 * @param lossDefinition how the loss is measured
 * @param bootstrap resamples per interval
 * @param points every point, in run order
 * @param fits the fits of the headline series (the first point's λ)
 * @param series the fits of every λ when the sweep has several, else null
 * @param completeness feature completeness per dictionary size (harvested data), smallest first; else null
 * @param runner who trained the points, with how many at once and how many threads each
 * @param wallSeconds wall time of the sweep run that completed it (skipped points cost nothing)
 * @param finishedAt when it was written
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SweepRecord(String format, String name, String sweepHash, long seed, String design, int dim,
                          String dataFingerprint, String computeDefinition, String lossDefinition, int bootstrap,
                          List<PointResult> points, SweepFits fits, List<SeriesResult> series,
                          List<SizeCompleteness> completeness, RunnerInfo runner,
                          double wallSeconds, String finishedAt) {
  /** The current format of sweep.json. */
  public static final String FORMAT = "sae4j-sweep-1";
  /** How the loss of a point is measured. */
  public static final String LOSS_DEFINITION = "evaluation MSE + λ·L1 on the held-out tokens in the normalised "
      + "scale (the training objective's scale, inputs multiplied by s): s²·mse + λ·s·l1 from run.json";

  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  public SweepRecord {
    points = List.copyOf(points);
    series = series == null ? null : List.copyOf(series);
    completeness = completeness == null ? null : List.copyOf(completeness);
  }

  /**
   * Who ran the points.
   *
   * @param name {@code local} or {@code spark}
   * @param parallel points at once
   * @param threadsPerPoint backend threads of each point
   */
  public record RunnerInfo(String name, int parallel, int threadsPerPoint) {
  }

  /** The point named {@code id}, or null. */
  public PointResult point(String id) {
    return points.stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
  }

  /** Writes the record atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.write(file, JSON.writeValueAsBytes(this));
  }

  /**
   * Reads {@code file}.
   *
   * @throws StaleRunException naming the file when it is missing (run the sweep first) or not a sweep record
   */
  public static SweepRecord read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new StaleRunException(file + " does not exist: run the sweep first (sae:sweep, or sae4j-sweep run)");
    }
    try {
      return JSON.readValue(file.toFile(), SweepRecord.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new StaleRunException(file + " is not a sweep record of this sae4j (" + e.getMessage().lines()
          .findFirst().orElse("") + "): run the sweep again", e);
    }
  }
}
