package org.sae4j.sweep;

import java.util.function.Consumer;
import org.sae4j.harvest.HarvestRequest;
import org.sae4j.harvest.Harvester;
import org.sae4j.store.WriterOptions;

/**
 * Harvests a sweep's shared data set by shard somewhere else ({@code harvest.runner}): {@code spark} (module
 * {@code sae-spark}, found through {@link java.util.ServiceLoader}) runs each shard as a task. Without one the
 * harvest runs in the sweep's JVM; both write the same shards.
 */
public interface HarvestRunner {

  /** The {@code harvest.runner} value this runner answers to. */
  String name();

  /**
   * Harvests the shards of {@code request} in the layout {@code options}, each by {@link Harvester#harvestPiece}.
   *
   * @param threads the sweep's worker threads
   * @param log progress lines
   */
  Harvester.Pieces pieces(HarvestRequest request, WriterOptions options, int threads, Consumer<String> log);
}
