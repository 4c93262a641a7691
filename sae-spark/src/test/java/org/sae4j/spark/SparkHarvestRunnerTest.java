package org.sae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.harvest.HarvestRequest;
import org.sae4j.harvest.Harvester;
import org.sae4j.store.ActivationStore;
import org.sae4j.store.Manifest;
import org.sae4j.store.ShardInfo;
import org.sae4j.store.WriterOptions;

/**
 * A harvest split by shard into Spark tasks (local mode, loopback only) writes the shards a harvest in one process
 * writes, and the driver's one manifest has the same fingerprint.
 */
class SparkHarvestRunnerTest {
  private static final Path CORPUS = Path.of("..", "experiments", "corpus", "moby-dick.txt.gz").toAbsolutePath()
      .normalize();

  @TempDir
  Path dir;

  @Test
  void spark_tasks_harvest_the_shards_of_a_local_harvest() throws Exception {
    HarvestRequest request = new HarvestRequest("all-minilm-l6-v2", "blocks.1.resid_post", List.of(CORPUS), 2500,
        32, 8);
    WriterOptions options = new WriterOptions(1000, 256, true);
    List<String> log = new ArrayList<>();

    Manifest local;
    try (ActivationStore store = Harvester.open(request, dir.resolve("local"), options, null, log::add)) {
      local = store.manifest();
    }
    Manifest spark;
    try (ActivationStore store = Harvester.open(request, dir.resolve("spark"), options,
        new SparkHarvestRunner().pieces(request, options, 2, log::add), log::add)) {
      spark = store.manifest();
    }

    assertThat(log).anyMatch(l -> l.contains("spark: harvesting 3 shard(s) as tasks"));
    assertThat(spark.shards()).extracting(ShardInfo::rows).containsExactly(1000L, 1000L, 500L);
    assertThat(spark.shards()).isEqualTo(local.shards());
    assertThat(spark.fingerprint()).isEqualTo(local.fingerprint());
    assertThat(spark.metadata()).isEqualTo(local.metadata());
    assertThat(spark.rows()).isEqualTo(2500);
  }
}
