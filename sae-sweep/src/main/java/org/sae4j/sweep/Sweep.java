package org.sae4j.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.sae4j.core.Engine;
import org.sae4j.core.data.Datasets;
import org.sae4j.core.data.PreparedData;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.HarvestData;
import org.sae4j.core.descriptor.SweepDescriptor;
import org.sae4j.core.descriptor.SweepPoint;
import org.sae4j.core.goal.GoalReport;
import org.sae4j.core.run.RunRecord;
import org.sae4j.core.run.RunVerification;
import org.sae4j.core.run.StaleRunException;
import org.sae4j.harvest.HarvestRequest;
import org.sae4j.harvest.Harvester;
import org.sae4j.store.ActivationStore;
import org.sae4j.store.AtomicFiles;
import org.sae4j.store.DirectoryLock;
import org.sae4j.store.WriterOptions;
import org.sae4j.sweep.fit.FitPoint;
import org.sae4j.sweep.fit.SweepFits;

/**
 * Runs, analyses and checks one sweep. {@link #run} prepares the shared data set once, trains and evaluates every
 * point whose run is not already complete and current (so an interrupted sweep resumes where it stopped, and a point
 * whose files changed is trained again), then {@link #analyse}s: every point's verified run record becomes a
 * {@link PointResult}, the fits are made per λ, feature completeness is measured per dictionary size on harvested
 * data ({@link SweepCompleteness}), and sweep.json and sweep.md are written. {@link #check} gates the
 * goals on a sweep.json that still matches the descriptor and every point's run.
 */
public final class Sweep {
  private final SweepDescriptor sweep;
  private final SweepLayout layout;
  private final int threads;
  private final Consumer<String> log;

  /**
   * @param output the output directory; the sweep goes to {@code output/<name>/}, its data to {@code output/data/}
   * @param threads worker threads of the whole sweep
   * @param log progress lines; lines starting with {@code WARN } are warnings
   */
  public Sweep(SweepDescriptor sweep, Path output, int threads, Consumer<String> log) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.sweep = sweep;
    this.layout = new SweepLayout(output, sweep.name());
    this.threads = threads;
    this.log = log;
  }

  public SweepLayout layout() {
    return layout;
  }

  /** {@link #run(PointRunner, HarvestRunner)} with the harvest, if any, in this JVM. */
  public SweepRecord run(PointRunner runner) throws IOException {
    return run(runner, null);
  }

  /**
   * Prepares the shared data set (harvested by {@code harvest} when it is a harvest and that is not null), runs the
   * points that are not complete with {@code runner}, then analyses. Holds the sweep directory's lock; the previous
   * sweep.json is removed before any work, so an interrupted run leaves nothing that passes {@link #check}.
   */
  public SweepRecord run(PointRunner runner, HarvestRunner harvest) throws IOException {
    Files.createDirectories(layout.directory());
    try (DirectoryLock lock = DirectoryLock.acquire(layout.directory(), "sweep directory", lockWait(), log)) {
      Files.deleteIfExists(layout.sweepJson());
      prepareData(harvest);
      PointRunner.Job job = new PointRunner.Job(sweep, layout, threads, log);
      List<SweepPoint> pending = new ArrayList<>();
      for (SweepPoint p : sweep.points()) {
        String stale = staleness(p);
        if (stale != null) {
          pending.add(p);
          if (!stale.isEmpty()) {
            log.accept("sweep " + sweep.name() + ": point " + p.id() + " runs again: " + stale);
          }
        }
      }
      int skipped = sweep.points().size() - pending.size();
      Map<String, Long> work = new LinkedHashMap<>();
      pending.forEach(p -> work.put(p.id(), plannedWork(p)));
      long total = work.values().stream().mapToLong(Long::longValue).sum();
      log.accept(String.format("sweep %s: %d points, %d already complete and verified (skipped), %d to run with the "
          + "%s runner, %d at a time with %d thread(s) each", sweep.name(), sweep.points().size(), skipped,
          pending.size(), runner.name(), job.parallel(), job.threadsPerPoint()));
      SweepProgress progress = new SweepProgress(sweep.name(), sweep.points().size(), skipped, total,
          job.parallel());
      runner.run(job, pending, p -> log.accept(progress.finished(p.id(), work.get(p.id()), seconds(p))));
      return analyse(new SweepRecord.RunnerInfo(runner.name(), job.parallel(), job.threadsPerPoint()),
          progress.elapsedSeconds());
    }
  }

  /**
   * Makes the fits from the points' verified runs and writes sweep.json and sweep.md.
   *
   * @throws StaleRunException naming the first point whose run is not complete and current
   */
  public SweepRecord analyse(SweepRecord.RunnerInfo runner, double wallSeconds) throws IOException {
    List<PointResult> results = new ArrayList<>();
    int dim = 0;
    String fingerprint = null;
    for (SweepPoint p : sweep.points()) {
      RunRecord run = RunVerification.complete(p.descriptor(), layout.point(p.id()));
      results.add(PointResult.of(p, run));
      dim = run.data().dim();
      fingerprint = run.dataFingerprint();
    }
    Map<Double, List<PointResult>> byL1 = new LinkedHashMap<>();
    results.forEach(r -> byL1.computeIfAbsent(r.l1(), k -> new ArrayList<>()).add(r));
    List<SeriesResult> series = new ArrayList<>();
    List<String> frontier = new ArrayList<>();
    for (Map.Entry<Double, List<PointResult>> e : byL1.entrySet()) {
      List<FitPoint> points = e.getValue().stream().map(PointResult::fitPoint).toList();
      SweepFits fits = SweepFits.of(points, sweep.design() == SweepDescriptor.Design.ISOFLOP, dim,
          sweep.settings().bootstrap(), sweep.dataExperiment().seed());
      series.add(new SeriesResult(e.getKey(), fits));
      frontier.addAll(fits.frontierIds());
    }
    List<PointResult> marked = results.stream().map(r -> frontier.contains(r.id()) ? r.onFrontier() : r).toList();
    List<SizeCompleteness> completeness = SweepCompleteness.of(sweep, layout, threads, log);
    SweepRecord record = new SweepRecord(SweepRecord.FORMAT, sweep.name(), sweep.hash(),
        sweep.dataExperiment().seed(), sweep.design().name(), dim, fingerprint, Compute.DEFINITION,
        SweepRecord.LOSS_DEFINITION, sweep.settings().bootstrap(), marked, series.getFirst().fits(),
        series.size() > 1 ? series : null, completeness, runner, wallSeconds, Instant.now().toString());
    List<String> plots = SweepPlots.write(record, layout.plots());
    String markdown = SweepMarkdown.of(record, plots);
    AtomicFiles.writeString(layout.sweepMarkdown(), markdown);
    AtomicFiles.writeString(layout.sweepPage(), SweepPage.of(sweep.name(), markdown));
    record.write(layout.sweepJson());
    log.accept("sweep " + sweep.name() + ": " + SweepSummary.lines(record).getFirst());
    SweepSummary.lines(record).stream().skip(1).forEach(log);
    return record;
  }

  /** Checks the sweep's goals against a sweep.json that belongs to this descriptor and to its points' runs. */
  public GoalReport check() throws IOException {
    return SweepChecker.check(sweep, verified());
  }

  /**
   * sweep.json, after checking it was made from this descriptor and that every point's run is still complete, current
   * and on the checkpoint it records.
   */
  SweepRecord verified() throws IOException {
    SweepRecord record = SweepRecord.read(layout.sweepJson());
    if (!SweepRecord.FORMAT.equals(record.format())) {
      throw new StaleRunException(layout.sweepJson() + " was written by another version of sae4j (format "
          + record.format() + "); run the sweep again");
    }
    if (!sweep.hash().equals(record.sweepHash())) {
      throw new StaleRunException(layout.sweepJson() + " was made from another version of " + sweep.file()
          + " (sweep hash " + record.sweepHash().substring(0, 16) + "…, now " + sweep.hash().substring(0, 16)
          + "…): run the sweep again");
    }
    for (SweepPoint p : sweep.points()) {
      RunRecord run = RunVerification.complete(p.descriptor(), layout.point(p.id()));
      PointResult recorded = record.point(p.id());
      if (recorded == null || !run.checkpoint().sha256().equals(recorded.checkpointSha256())) {
        throw new StaleRunException(layout.sweepJson() + ": point " + p.id() + " was retrained after the sweep "
            + "was analysed (checkpoint " + run.checkpoint().sha256().substring(0, 16) + "…); run the sweep again");
      }
    }
    return record;
  }

  /**
   * Produces or verifies the points' shared data set once. A harvest is written in {@code harvest.shardTokens}-row
   * shards, by {@code harvest} shard by shard when given, so that the local and the Spark harvest give the same data
   * set; each point's engine then finds it complete and verified.
   */
  private void prepareData(HarvestRunner harvest) throws IOException {
    Descriptor d = sweep.dataExperiment();
    if (d.data() instanceof HarvestData h) {
      HarvestRequest request = Datasets.harvestRequest(h);
      WriterOptions options = new WriterOptions(sweep.settings().shardTokens(), WriterOptions.DEFAULT_ROWS_PER_BATCH,
          true);
      try (ActivationStore store = Harvester.open(request, Datasets.directory(d, layout.dataRoot()), options,
          harvest == null ? null : harvest.pieces(request, options, threads, log), log)) {
        log.accept(String.format("sweep %s: harvested data set %s (%,d rows in %d shard(s)), fingerprint %s",
            sweep.name(), Datasets.directory(d, layout.dataRoot()), store.rows(), store.manifest().shards().size(),
            store.manifest().fingerprint().substring(0, 16)));
      }
    }
    try (PreparedData data = Datasets.prepare(d, layout.dataRoot(), log)) {
      log.accept("sweep " + sweep.name() + ": shared data set " + data.directory());
    }
  }

  /** Null when the point's run is complete and current; else why not ("" when it never ran). */
  private String staleness(SweepPoint p) throws IOException {
    Path runJson = layout.point(p.id()).runJson();
    try {
      RunVerification.complete(p.descriptor(), layout.point(p.id()));
      return null;
    } catch (StaleRunException e) {
      return Files.exists(runJson) ? e.getMessage() : "";
    }
  }

  /** A finished point's wall time as its run record measured it (training and evaluation), 0 if unreadable. */
  private double seconds(SweepPoint p) {
    try {
      return PointResult.wallSeconds(RunRecord.read(layout.point(p.id()).runJson()));
    } catch (IOException | RuntimeException e) {
      return 0; // the analysis verifies the run; the ETA only goes without this point's time
    }
  }

  /** The point's m·tokens before it runs (C up to the factor 6·n all points share): what the ETA is counted in. */
  private static long plannedWork(SweepPoint p) {
    long tokens = p.tokens() > 0 ? p.tokens() : p.descriptor().data().trainTokens(p.descriptor().data().tokens());
    return (long) p.features() * Math.max(1, tokens);
  }

  private static Duration lockWait() {
    return Duration.ofSeconds(Long.getLong(Engine.LOCK_WAIT_PROPERTY, 600));
  }
}
