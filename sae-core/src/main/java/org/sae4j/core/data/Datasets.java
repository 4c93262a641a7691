package org.sae4j.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.sae4j.core.descriptor.ArrowData;
import org.sae4j.core.descriptor.DataSpec;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorHash;
import org.sae4j.core.descriptor.HarvestData;
import org.sae4j.core.descriptor.SyntheticData;
import org.sae4j.core.synthetic.SyntheticGenerator;
import org.sae4j.harvest.HarvestRequest;
import org.sae4j.harvest.Harvester;
import org.sae4j.kernels.Seeds;
import org.sae4j.core.synthetic.SyntheticSpec;
import org.sae4j.store.ActivationStore;
import org.sae4j.store.ActivationWriter;
import org.sae4j.store.FileTrees;
import org.sae4j.store.Split;
import org.sae4j.store.StoreException;
import org.sae4j.store.WriterOptions;

/**
 * Finds, verifies or produces the data set a descriptor asks for. Data sets live in
 * {@code <output>/data/<source>-<data hash>/}, keyed by the hash of the descriptor's data section and seed, so runs
 * that share data share the files, and a changed data section never reuses stale ones. A data set is produced in a
 * sibling {@code .partial} directory and renamed into place only when complete.
 */
public final class Datasets {
  static final String TRUE_FEATURES = "true_features.safetensors";
  static final String DATA_HASH = "sae4j.dataHash";
  /** The random stream of the run seed that picks the evaluation batches. */
  private static final String SPLIT_STREAM = "split";

  private Datasets() {
  }

  /** The directory that holds (or will hold) the descriptor's data. */
  public static Path directory(Descriptor d, Path dataRoot) {
    String source = switch (d.data()) {
      case SyntheticData s -> "synthetic";
      case ArrowData a -> "arrow";
      case HarvestData h -> "harvest";
    };
    return dataRoot.resolve(source + "-" + DescriptorHash.ofData(d).substring(0, 16));
  }

  /**
   * Makes sure the data exists (generating or harvesting it when missing or invalid), then opens and verifies it and
   * splits it reproducibly from the seed.
   */
  public static PreparedData prepare(Descriptor d, Path dataRoot, Consumer<String> log) throws IOException {
    Path dir = directory(d, dataRoot);
    DataSpec data = d.data();
    ActivationStore store = switch (data) {
      case SyntheticData s -> openOrProduce(d, dir, log, target -> generate(s, d.seed(), target, dataHash(d), log));
      case ArrowData a -> ActivationStore.openExternal(a.path(), dir);
      case HarvestData h -> harvest(h, dir, log);
    };
    try {
      long eval = data.evalTokens();
      Split split = store.split(eval, Seeds.derive(d.seed(), SPLIT_STREAM));
      long trainRows = Math.min(split.train().rows(), data.trainTokens(store.rows()));
      float[] truth = data instanceof SyntheticData
          ? SyntheticGenerator.readTrueDirections(dir.resolve(TRUE_FEATURES)) : null;
      log.accept(String.format("data: %s, %,d rows of dim %d (%,d train, %,d eval), fingerprint %s", dir,
          store.rows(), store.dim(), trainRows, split.eval().rows(), store.manifest().fingerprint().substring(0, 16)));
      return new PreparedData(store, split, trainRows, truth, dir);
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static String dataHash(Descriptor d) {
    return DescriptorHash.ofData(d);
  }

  private static ActivationStore openOrProduce(Descriptor d, Path dir, Consumer<String> log, Producer producer)
      throws IOException {
    if (Files.exists(dir.resolve("manifest.json"))) {
      try {
        ActivationStore store = ActivationStore.open(dir);
        if (dataHash(d).equals(store.manifest().metadata().get(DATA_HASH))) {
          log.accept("data: reusing verified data set " + dir);
          return store;
        }
        store.close();
        log.accept("WARN data set " + dir + " was made from another data section; producing it again");
      } catch (StoreException e) {
        log.accept("WARN data set " + dir + " is not valid (" + e.getMessage() + "); producing it again");
      }
    }
    Path partial = dir.resolveSibling(dir.getFileName() + ".partial");
    FileTrees.delete(partial);
    Files.createDirectories(partial);
    producer.produce(partial);
    FileTrees.delete(dir);
    Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
    return ActivationStore.open(dir);
  }

  private static void generate(SyntheticData s, long seed, Path target, String hash, Consumer<String> log)
      throws IOException {
    SyntheticSpec spec = new SyntheticSpec(s.dim(), s.trueFeatures(), s.meanActive(), s.frequencyExponent(),
        s.magnitudeMin(), s.magnitudeMax(), s.noise(), s.tokens());
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("source", "synthetic");
    metadata.put(DATA_HASH, hash);
    metadata.put("seed", Long.toString(seed));
    metadata.put("spec", spec.toString());
    log.accept(String.format("generating %,d synthetic tokens: dim %d, %d planted features, %.2f active per token",
        s.tokens(), s.dim(), s.trueFeatures(), s.meanActive()));
    long start = System.nanoTime();
    long[] lastReport = {start};
    try (ActivationWriter writer = ActivationWriter.create(target, s.dim(), WriterOptions.defaults(), metadata)) {
      new SyntheticGenerator(spec, seed).generate(writer, target.resolve(TRUE_FEATURES), rows -> {
        long now = System.nanoTime();
        if (now - lastReport[0] > 5_000_000_000L) {
          lastReport[0] = now;
          log.accept(String.format("generated %,d/%,d tokens (%.0f%%)", rows, s.tokens(), 100.0 * rows / s.tokens()));
        }
      });
      writer.finish();
    }
    log.accept(String.format("generated %,d tokens in %.1f s", s.tokens(), (System.nanoTime() - start) / 1e9));
  }

  /** The harvester keeps its own request fingerprint and skips a complete, valid store with the same one. */
  private static ActivationStore harvest(HarvestData h, Path dir, Consumer<String> log) throws IOException {
    Files.createDirectories(dir);
    Harvester.harvest(new HarvestRequest(h.model(), h.hook(), h.corpus(), h.tokens(), h.window(),
        HarvestRequest.DEFAULT_BATCH_WINDOWS), dir, log);
    return ActivationStore.open(dir);
  }

  @FunctionalInterface
  private interface Producer {
    void produce(Path target) throws IOException;
  }
}
