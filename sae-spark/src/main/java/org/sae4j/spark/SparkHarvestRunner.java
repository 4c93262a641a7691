package org.sae4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.sae4j.harvest.HarvestRequest;
import org.sae4j.harvest.Harvester;
import org.sae4j.store.ActivationWriter;
import org.sae4j.store.ShardInfo;
import org.sae4j.store.WriterOptions;
import org.sae4j.sweep.HarvestRunner;

/**
 * {@code harvest.runner: spark}: the shared data set's corpus is split into the window ranges of its shards, and each
 * shard is harvested by one Spark task ({@link Harvester#harvestPiece}) into the data set's partial directory, which
 * every executor must see; the driver writes the one manifest and publishes the data set as a local harvest would.
 * The shards are the ones a local harvest writes in the same layout, so the fingerprint is the same.
 */
public final class SparkHarvestRunner implements HarvestRunner {

  @Override
  public String name() {
    return "spark";
  }

  @Override
  public Harvester.Pieces pieces(HarvestRequest request, WriterOptions options, int threads, Consumer<String> log) {
    return (partial, shards) -> {
      List<ShardTask> tasks = IntStream.range(0, shards)
          .mapToObj(k -> ShardTask.of(request, options, partial, k)).toList();
      log.accept("spark: harvesting " + shards + " shard(s) as tasks into " + partial);
      try (JavaSparkContext spark = new JavaSparkContext(SparkJobs.conf("sae4j harvest " + request.model(), threads,
          1))) {
        return spark.parallelize(tasks, shards).map(new Harvest()).collect().stream().map(PieceResult::piece)
            .toList();
      } catch (RuntimeException e) {
        throw new IOException("a harvest task failed: " + e.getMessage(), e);
      }
    };
  }

  /** One shard to harvest, in plain serialisable values. */
  record ShardTask(String model, String hook, List<String> corpus, long tokens, int window, int batchWindows,
                   long rowsPerShard, int rowsPerBatch, boolean tokenColumns, String dir, int shard)
      implements Serializable {

    static ShardTask of(HarvestRequest r, WriterOptions o, Path dir, int shard) {
      return new ShardTask(r.model(), r.hook(), r.corpus().stream().map(Path::toString).toList(), r.tokens(),
          r.window(), r.batchWindows(), o.rowsPerShard(), o.rowsPerBatch(), o.tokenColumns(), dir.toString(), shard);
    }

    HarvestRequest request() {
      return new HarvestRequest(model, hook, corpus.stream().map(Path::of).toList(), tokens, window, batchWindows);
    }

    WriterOptions options() {
      return new WriterOptions(rowsPerShard, rowsPerBatch, tokenColumns);
    }
  }

  /** What a task wrote, in plain serialisable values. */
  record PieceResult(int firstShard, List<String> files, List<Long> rows, List<Long> bytes, List<String> sha256,
                     double sumNorm, double sumSquaredNorm) implements Serializable {

    static PieceResult of(ActivationWriter.Piece p) {
      return new PieceResult(p.firstShard(), p.shards().stream().map(ShardInfo::file).toList(),
          p.shards().stream().map(ShardInfo::rows).toList(), p.shards().stream().map(ShardInfo::bytes).toList(),
          p.shards().stream().map(ShardInfo::sha256).toList(), p.sumNorm(), p.sumSquaredNorm());
    }

    ActivationWriter.Piece piece() {
      List<ShardInfo> shards = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        shards.add(new ShardInfo(files.get(i), rows.get(i), bytes.get(i), sha256.get(i)));
      }
      return new ActivationWriter.Piece(firstShard, shards, sumNorm, sumSquaredNorm);
    }
  }

  /** Runs on an executor: harvests one shard into the shared directory. */
  static final class Harvest implements Function<ShardTask, PieceResult> {
    private static final long serialVersionUID = 1L;

    @Override
    public PieceResult call(ShardTask t) throws IOException {
      ActivationWriter.Piece piece = Harvester.harvestPiece(t.request(), Path.of(t.dir()), t.options(), t.shard(),
          t.shard() + 1, line -> {
            System.out.println("[shard " + t.shard() + "] " + line);
            System.out.flush();
          });
      return PieceResult.of(piece);
    }
  }
}
