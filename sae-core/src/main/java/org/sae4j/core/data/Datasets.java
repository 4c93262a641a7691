package org.sae4j.core.data;

import java.io.IOException;
import java.nio.file.Path;
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
import org.sae4j.core.synthetic.SyntheticSpec;
import org.sae4j.harvest.HarvestRequest;
import org.sae4j.harvest.Harvester;
import org.sae4j.kernels.Seeds;
import org.sae4j.store.ActivationStore;
import org.sae4j.store.ActivationWriter;
import org.sae4j.store.DirectoryLock;
import org.sae4j.store.FileInfo;
import org.sae4j.store.Manifest;
import org.sae4j.store.SourceOptions;
import org.sae4j.store.Split;
import org.sae4j.store.StoreProducer;
import org.sae4j.store.WriterOptions;

/**
 * Finds, verifies or produces the data set a descriptor asks for. Data sets live in
 * {@code <output>/data/<source>-<data hash>/}, keyed by the hash of the descriptor's data section and seed, so runs
 * that share data share the files, and a changed data section never reuses stale ones. Generated and harvested data
 * sets are produced by {@link StoreProducer}: under the data set's lock (a second process waits, then reuses them),
 * in a sibling {@code .partial} directory that a killed production resumes by shard, renamed into place only when
 * complete. An {@code arrow} source is verified (and its manifest cached) under the same lock.
 */
public final class Datasets {
  static final String TRUE_FEATURES = "true_features.safetensors";
  static final String DATA_HASH = "sae4j.dataHash";
  /** The random stream of the run seed that picks the evaluation batches. */
  private static final String SPLIT_STREAM = "split";

  private Datasets() {
  }

  /** What the harvester is asked for {@code data}: its model, hook, corpus, tokens, window and precision. */
  public static HarvestRequest harvestRequest(HarvestData data) {
    return new HarvestRequest(data.model(), data.hook(), data.corpus(), data.tokens(), data.window(),
        HarvestRequest.DEFAULT_BATCH_WINDOWS, data.precision());
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
   * Makes sure the data exists (generating or harvesting it when missing or invalid, resuming a killed production),
   * then opens and verifies it and splits it reproducibly from the seed.
   */
  public static PreparedData prepare(Descriptor d, Path dataRoot, Consumer<String> log) throws IOException {
    return prepare(d, dataRoot, log, WriterOptions.defaults());
  }

  /** With the shard layout of generated data given (small shards in tests). */
  static PreparedData prepare(Descriptor d, Path dataRoot, Consumer<String> log, WriterOptions syntheticLayout)
      throws IOException {
    Path dir = directory(d, dataRoot);
    DataSpec data = d.data();
    ActivationStore store = switch (data) {
      case SyntheticData s -> StoreProducer.openOrProduce(dir, manifest -> notThisSyntheticSet(manifest, d),
          target -> generate(s, d.seed(), target, DescriptorHash.ofData(d), syntheticLayout, log), log);
      case ArrowData a -> external(a, dir, log);
      case HarvestData h -> Harvester.open(harvestRequest(h), dir, log);
    };
    try {
      long eval = data.evalTokens();
      Split split = store.split(eval, Seeds.derive(d.seed(), SPLIT_STREAM));
      long available = Math.min(split.train().rows(), data.trainTokens(store.rows()));
      if (d.training().tokens() > available) {
        throw new IllegalArgumentException(d.file() + ": training.tokens " + d.training().tokens() + " is more than the "
            + available + " training rows of the data set " + dir);
      }
      long trainRows = d.training().trainTokens(available);
      // The store's verification covered the truth file: the manifest lists it with its SHA-256.
      float[] truth = data instanceof SyntheticData
          ? SyntheticGenerator.readTrueDirections(dir.resolve(TRUE_FEATURES)) : null;
      log.accept(String.format("data: %s, %,d rows of dim %d (%,d train, %,d eval), fingerprint %s%s", dir,
          store.rows(), store.dim(), trainRows, split.eval().rows(), store.manifest().fingerprint().substring(0, 16),
          store.filesVerifiedEarlier() == 0 ? "" : String.format("; %d file(s) verified earlier in this build and "
              + "unchanged since (size, times, inode), not hashed again", store.filesVerifiedEarlier())));
      return new PreparedData(store, split, trainRows, truth, dir);
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Why a complete synthetic data set in the directory is not this descriptor's, or null when it is. */
  private static String notThisSyntheticSet(Manifest manifest, Descriptor d) {
    if (!DescriptorHash.ofData(d).equals(manifest.metadata().get(DATA_HASH))) {
      return "was made from another data section";
    }
    String algorithm = manifest.metadata().get(SyntheticGenerator.ALGORITHM_KEY);
    if (!SyntheticGenerator.ALGORITHM.equals(algorithm)) {
      return "was made by " + (algorithm == null ? "an earlier synthetic generator" : algorithm) + ", not "
          + SyntheticGenerator.ALGORITHM + " (other bits)";
    }
    if (manifest.files().stream().map(FileInfo::file).noneMatch(TRUE_FEATURES::equals)) {
      return "does not list " + TRUE_FEATURES + " in its manifest";
    }
    return null;
  }

  /**
   * An arrow source, verified (and its manifest cached, or data in another layout decoded once) under the data set's
   * lock. The provenance that sae4j shards opened without their store carry is shown.
   */
  private static ActivationStore external(ArrowData a, Path dir, Consumer<String> log) throws IOException {
    SourceOptions options = new SourceOptions(a.column(), a.tokenColumn(), a.skipPositions(), a.skipTokenIds(),
        ArrowData.BFLOAT16.equals(a.dtype()));
    ActivationStore store;
    try (DirectoryLock lock = StoreProducer.lock(dir, log)) {
      store = ActivationStore.openExternal(a.path(), dir, options, log);
    }
    Map<String, String> provenance = new LinkedHashMap<>();
    store.manifest().metadata().forEach((key, value) -> {
      if (key.startsWith(Manifest.SHARD_PROVENANCE)) {
        provenance.put(key.substring(Manifest.SHARD_PROVENANCE.length()), value);
      }
    });
    if (!provenance.isEmpty()) {
      log.accept("data: " + a.path() + " holds sae4j shards of " + provenance);
    }
    return store;
  }

  private static void generate(SyntheticData s, long seed, Path target, String hash, WriterOptions layout,
      Consumer<String> log) throws IOException {
    SyntheticSpec spec = new SyntheticSpec(s.dim(), s.trueFeatures(), s.meanActive(), s.frequencyExponent(),
        s.magnitudeMin(), s.magnitudeMax(), s.noise(), s.tokens());
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("source", "synthetic");
    metadata.put(DATA_HASH, hash);
    metadata.put(SyntheticGenerator.ALGORITHM_KEY, SyntheticGenerator.ALGORITHM);
    metadata.put("seed", Long.toString(seed));
    metadata.put("spec", spec.toString());
    long start = System.nanoTime();
    long[] lastReport = {start};
    try (ActivationWriter writer = ActivationWriter.resume(target, s.dim(), layout, metadata, log)) {
      writer.expectRows(s.tokens());
      log.accept(String.format("generating %,d synthetic tokens: dim %d, %d planted features, %.2f active per token%s",
          s.tokens(), s.dim(), s.trueFeatures(), s.meanActive(),
          writer.rows() > 0 ? String.format(", from token %,d", writer.rows()) : ""));
      new SyntheticGenerator(spec, seed).generate(writer, target.resolve(TRUE_FEATURES), rows -> {
        long now = System.nanoTime();
        if (now - lastReport[0] > 5_000_000_000L) {
          lastReport[0] = now;
          log.accept(String.format("generated %,d/%,d tokens (%.0f%%)", rows, s.tokens(), 100.0 * rows / s.tokens()));
        }
      });
      writer.addFile(TRUE_FEATURES);
      writer.finish();
    }
    log.accept(String.format("generated %,d tokens in %.1f s", s.tokens(), (System.nanoTime() - start) / 1e9));
  }
}
