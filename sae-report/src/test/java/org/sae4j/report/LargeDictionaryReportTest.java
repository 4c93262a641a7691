package org.sae4j.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.core.Engine;
import org.sae4j.core.descriptor.DescriptorReader;

/**
 * A 16 k-feature dictionary stays usable: a page for each of the most active features only, an index of every
 * feature as one compact script, and no file of the report anywhere near a size a browser chokes on.
 */
class LargeDictionaryReportTest {
  private static final int FEATURES = 16_384;

  @Test
  void sixteenThousandFeaturesGiveSmallPagesAndACompactIndex(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("wide.yaml");
    Files.writeString(file, """
        name: wide
        seed: 9
        data:
          source: synthetic
          tokens: 12000
          evalTokens: 4000
          dim: 16
          trueFeatures: 64
          meanActive: 3
        sae:
          features: %d
        training:
          batchSize: 500
          lr: 3.0e-3
          l1: 0.5
        """.formatted(FEATURES));
    Engine engine = new Engine(DescriptorReader.read(file), dir.resolve("out"), 2, line -> { });
    engine.train();
    engine.evaluate();
    Path run = dir.resolve("out/wide");
    new RunReport(run, RunReport.DEFAULT_PAGES, l -> { }).write();

    assertThat(Files.readAllLines(run.resolve("features.jsonl"))).hasSize(FEATURES);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(run.resolve("report"))) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files.stream().filter(p -> p.getParent().endsWith("features")).count())
        .isEqualTo(RunReport.DEFAULT_PAGES);
    for (Path p : files) {
      // The index of all 16 k features is the largest file; pages and charts are a few tens of kB.
      long limit = p.getFileName().toString().equals("features-data.js") ? 4_000_000 : 400_000;
      assertThat(Files.size(p)).as(p.toString()).isLessThan(limit);
    }
    assertThat(Files.readString(run.resolve("report/features-data.js")))
        .contains("\"features\":" + FEATURES, "[" + (FEATURES - 1) + ",");
  }
}
