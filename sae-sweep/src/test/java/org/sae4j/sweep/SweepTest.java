package org.sae4j.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.core.descriptor.SweepDescriptor;
import org.sae4j.core.descriptor.SweepPoint;
import org.sae4j.core.descriptor.SweepReader;
import org.sae4j.core.goal.GoalReport;
import org.sae4j.core.run.RunRecord;
import org.sae4j.core.run.StaleRunException;

/** A tiny sweep end to end: points run as experiments, resume skips finished ones and redoes a corrupted one. */
class SweepTest {
  static final String TINY = """
      name: tiny-sweep
      seed: 5
      data:
        source: synthetic
        evalTokens: 2048
        dim: 8
        trueFeatures: 24
        meanActive: 2
      sae:
        features: 16
      training:
        batchSize: 256
        lr: 0.003
        l1: 0.5
        logEvery: 1000
        scaleSampleTokens: 2048
      sweep:
        grid:
          sae.features: [16, 32]
          training.tokens: [4096, 8192]
        lr:
          values: [0.001, 0.01]
          at: [{sae.features: 16, training.tokens: 4096}, {sae.features: 32, training.tokens: 8192}]
        bootstrap: 200
      goals:
        fit.lr.points: ">= 2"
        everyPoint.l0: "<= 32"
        frontierPoint.loss: "> 0"
      """;

  @TempDir
  Path dir;

  @Test
  void runs_every_point_then_resumes_skipping_finished_points_and_redoing_a_corrupted_one() throws Exception {
    SweepDescriptor sweep = SweepReader.read(write(TINY));
    Path out = dir.resolve("out");
    List<String> log = new ArrayList<>();
    SweepRecord first = new Sweep(sweep, out, 1, log::add).run(new LocalPointRunner());

    assertThat(first.points()).hasSize(8);
    assertThat(Files.isDirectory(out.resolve("tiny-sweep/points/f16-t4096-lr0.003/checkpoint"))).isTrue();
    assertThat(Files.readString(out.resolve("tiny-sweep/sweep.md"))).contains("| f32-t8192-lr0.01 |",
        "![loss-vs-compute.svg](plots/loss-vs-compute.svg)");
    String page = Files.readString(out.resolve("tiny-sweep/sweep.html"));
    assertThat(page).startsWith("<!DOCTYPE html>").contains("<table class=\"grid\">", "<td>f32-t8192-lr0.01</td>",
        "<img src=\"plots/loss-vs-compute.svg\"", "font: 15px/1.45 system-ui").doesNotContain("| --- |");
    for (String plot : List.of("loss-vs-compute", "optimal-size", "optimal-tokens", "loss-vs-lr")) {
      String svg = Files.readString(out.resolve("tiny-sweep/plots/" + plot + ".svg"));
      assertThat(svg.startsWith("<svg")).as(plot).isTrue();
      assertThat(svg.contains(plot.equals("loss-vs-lr") ? ">C = " : ">fit ")).as(plot + " legend").isTrue();
    }
    assertThat(first.fits().lr()).isNotNull();
    assertThat(first.fits().frontierIds()).isNotEmpty();
    PointResult p = first.point("f32-t8192-lr0.003");
    assertThat(p.compute()).isEqualTo(6.0 * 8 * 32 * 8192);
    assertThat(p.loss()).isPositive();
    GoalReport report = new Sweep(sweep, out, 1, log::add).check();
    assertThat(report.outcomes()).hasSize(3);
    assertThat(report.table()).contains("fit.lr.points", "everyPoint.l0", "frontierPoint.loss");
    Map<String, String> shas = checkpoints(first);

    log.clear();
    Path weights = out.resolve("tiny-sweep/points/f32-t4096-lr0.003/checkpoint/sae_weights.safetensors");
    Files.write(weights, new byte[] {1}, StandardOpenOption.APPEND);
    String untouched = Files.readString(out.resolve("tiny-sweep/points/f16-t4096-lr0.003/run.json"));
    SweepRecord second = new Sweep(sweep, out, 1, log::add).run(new LocalPointRunner());

    assertThat(log).anyMatch(l -> l.contains("8 points, 7 already complete and verified (skipped), 1 to run"));
    assertThat(log).anyMatch(l -> l.contains("point f32-t4096-lr0.003 runs again: checkpoint file"));
    assertThat(Files.readString(out.resolve("tiny-sweep/points/f16-t4096-lr0.003/run.json"))).isEqualTo(untouched);
    assertThat(checkpoints(second)).isEqualTo(shas);
  }

  @Test
  void check_refuses_a_sweep_json_of_another_descriptor_or_a_retrained_point() throws Exception {
    Path out = dir.resolve("out");
    SweepDescriptor sweep = SweepReader.read(write(TINY));
    new Sweep(sweep, out, 1, l -> { }).run(new LocalPointRunner());
    SweepDescriptor changed = SweepReader.read(write(TINY.replace("frontierPoint.loss: \"> 0\"",
        "frontierPoint.loss: \"> 0.001\"")));
    StaleRunException e = assertThrows(StaleRunException.class, () -> new Sweep(changed, out, 1, l -> { }).check());
    assertThat(e.getMessage()).contains("was made from another version of");

    SweepPoint point = sweep.point("f16-t8192-lr0.003");
    RunRecord run = RunRecord.read(out.resolve("tiny-sweep/points/" + point.id() + "/run.json"));
    Files.writeString(out.resolve("tiny-sweep/points/" + point.id() + "/run.json"), "{}");
    IOException stale = assertThrows(IOException.class, () -> new Sweep(sweep, out, 1, l -> { }).check());
    assertThat(stale.getMessage()).contains(point.id());
    assertThat(run.status().json()).isEqualTo("complete");
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("tiny-sweep.yaml"), yaml);
  }

  private static Map<String, String> checkpoints(SweepRecord r) {
    Map<String, String> shas = new TreeMap<>();
    r.points().forEach(p -> shas.put(p.id(), p.checkpointSha256()));
    return shas;
  }
}
