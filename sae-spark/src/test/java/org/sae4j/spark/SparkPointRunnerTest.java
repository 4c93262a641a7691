package org.sae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.core.descriptor.SweepDescriptor;
import org.sae4j.core.descriptor.SweepReader;
import org.sae4j.sweep.LocalPointRunner;
import org.sae4j.sweep.Runners;
import org.sae4j.sweep.Sweep;
import org.sae4j.sweep.SweepRecord;

/** Spark's local mode (two cores, loopback only) trains every point to the bits the local runner gives. */
class SparkPointRunnerTest {
  private static final String SWEEP = """
      name: spark-sweep
      seed: 9
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
        parallel: 2
        runner: spark
        bootstrap: 100
      """;

  @TempDir
  Path dir;

  @Test
  void local_mode_gives_the_local_runners_checkpoints_and_data() throws Exception {
    SweepDescriptor sweep = SweepReader.read(Files.writeString(dir.resolve("spark-sweep.yaml"), SWEEP));
    assertThat(Runners.points(sweep.settings().runner())).isInstanceOf(SparkPointRunner.class);

    SweepRecord local = new Sweep(sweep, dir.resolve("local"), 2, l -> { }).run(new LocalPointRunner());
    SweepRecord spark = new Sweep(sweep, dir.resolve("spark"), 2, l -> { }).run(new SparkPointRunner());

    assertThat(spark.runner().name()).isEqualTo("spark");
    assertThat(checkpoints(spark)).hasSize(4).isEqualTo(checkpoints(local));
    assertThat(spark.dataFingerprint()).isEqualTo(local.dataFingerprint());
  }

  private static Map<String, String> checkpoints(SweepRecord r) {
    Map<String, String> shas = new TreeMap<>();
    r.points().forEach(p -> shas.put(p.id(), p.checkpointSha256()));
    return shas;
  }
}
