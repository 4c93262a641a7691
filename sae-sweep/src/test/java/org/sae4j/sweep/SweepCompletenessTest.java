package org.sae4j.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.core.analysis.CompletenessAnalysis;
import org.sae4j.core.analysis.completeness.CompletenessResult;
import org.sae4j.core.descriptor.SweepDescriptor;
import org.sae4j.core.descriptor.SweepPoint;
import org.sae4j.core.descriptor.SweepReader;

/**
 * Feature completeness against dictionary size on a tiny harvested sweep: three sizes, each measured on its point with
 * the most tokens at the sweep's learning rate (not the lr scan's), drawn and tabled together.
 */
class SweepCompletenessTest {
  private static final String WORDS_SWEEP = """
      name: words-sweep
      seed: 3
      data:
        source: harvest
        model: all-minilm-l6-v2
        hook: blocks.3.resid_post
        corpus: moby-dick-excerpt.txt
        window: 32
        evalTokens: 1500
      sae:
        features: 16
      training:
        batchSize: 128
        lr: 3.0e-3
        l1: 1.0
        logEvery: 1000
      sweep:
        grid:
          sae.features: [16, 32, 64]
          training.tokens: [1024, 2048]
        lr:
          values: [1.0e-3, 1.0e-2]
          at: [{sae.features: 64, training.tokens: 2048}]
        bootstrap: 100
      """;

  @TempDir
  Path dir;

  @Test
  void completenessIsMeasuredForEveryDictionarySizeOnItsLargestPointAtTheSweepsLearningRate() throws Exception {
    Files.copy(Path.of("../sae-core/src/test/resources/corpus/moby-dick-excerpt.txt"),
        dir.resolve("moby-dick-excerpt.txt"));
    SweepDescriptor sweep = SweepReader.read(Files.writeString(dir.resolve("words-sweep.yaml"), WORDS_SWEEP));
    // The lr scan adds f64-t2048 at 1e-3 and 1e-2: the largest points at 3e-3 are the ones measured.
    assertThat(SweepCompleteness.chosen(sweep)).extracting(SweepPoint::id)
        .containsExactly("f16-t2048-lr0.003", "f32-t2048-lr0.003", "f64-t2048-lr0.003");
    Path out = dir.resolve("out");
    List<String> log = new ArrayList<>();
    SweepRecord record = new Sweep(sweep, out, 2, log::add).run(new LocalPointRunner());

    List<SizeCompleteness> sizes = record.completeness();
    assertThat(sizes).extracting(SizeCompleteness::features).containsExactly(16, 32, 64);
    assertThat(sizes).extracting(SizeCompleteness::point)
        .containsExactly("f16-t2048-lr0.003", "f32-t2048-lr0.003", "f64-t2048-lr0.003");
    for (SizeCompleteness z : sizes) {
      assertThat(z.words()).isPositive();
      assertThat(z.bins().stream().mapToInt(CompletenessResult.Bin::words).sum()).isEqualTo(z.words());
      assertThat(z.share()).isBetween(0.0, 1.0);
    }
    // The same data set and training split at every size: the same words judged in the same bins.
    for (SizeCompleteness z : sizes) {
      assertThat(z.bins()).extracting(CompletenessResult.Bin::words)
          .containsExactlyElementsOf(sizes.getFirst().bins().stream().map(CompletenessResult.Bin::words).toList());
    }
    // What the analysis gives on that point's run on its own, through the same seam.
    SweepPoint largest = sweep.point("f64-t2048-lr0.003");
    CompletenessAnalysis.Figures alone = (CompletenessAnalysis.Figures) PointTraining.engine(new SweepLayout(out,
        sweep.name()), largest, 1, l -> { }).explore(new CompletenessAnalysis(),
        CompletenessAnalysis.Settings.defaults()).figures();
    assertThat(sizes.getLast().share()).isEqualTo(alone.share());
    assertThat(sizes.getLast().bins()).isEqualTo(alone.bins());
    // Read back, tabled and drawn together.
    assertThat(SweepRecord.read(out.resolve("words-sweep/sweep.json")).completeness()).isEqualTo(sizes);
    assertThat(Files.readString(out.resolve("words-sweep/sweep.md")))
        .contains("## Feature completeness by dictionary size", "| training occurrences | m = 16 | m = 32 | m = 64 |",
            "![completeness.svg](plots/completeness.svg)");
    assertThat(Files.readString(out.resolve("words-sweep/plots/completeness.svg")))
        .startsWith("<svg").contains(">16 features (f16-t2048-lr0.003)<", ">64 features (f64-t2048-lr0.003)<");
    assertThat(log).anyMatch(l -> l.startsWith("sweep words-sweep: completeness of 64 features (f64-t2048-lr0.003)"));
  }
}
