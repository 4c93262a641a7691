package org.sae4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.DescriptorReader;
import org.sae4j.core.synthetic.SyntheticGenerator;
import org.sae4j.store.AtomicFiles;
import org.sae4j.store.ChildJvm;
import org.sae4j.store.FaultInjection;
import org.sae4j.store.FileInfo;
import org.sae4j.store.Manifest;

/** Synthetic data sets: the truth file covered by the manifest, old generators' data replaced, resumed by shard. */
class DatasetsTest {

  private static final String YAML = """
      name: data
      seed: 7
      data:
        source: synthetic
        tokens: 20000
        evalTokens: 2000
        dim: 8
        trueFeatures: 24
        meanActive: 3
        noise: 0.05
      sae:
        features: 32
      """;

  @TempDir
  Path dir;

  private final List<String> log = new ArrayList<>();

  private Path descriptorFile() throws IOException {
    return Files.writeString(dir.resolve("data.yaml"), YAML);
  }

  private Descriptor descriptor() throws IOException, DescriptorException {
    return DescriptorReader.read(descriptorFile());
  }

  private PreparedData prepare(Path root) throws IOException, DescriptorException {
    return Datasets.prepare(descriptor(), root, log::add, PrepareMain.LAYOUT);
  }

  @Test
  void the_truth_file_is_listed_in_the_manifest_and_a_changed_one_is_named_and_made_again() throws Exception {
    Path root = dir.resolve("data");
    Manifest first;
    float[] truth;
    try (PreparedData data = prepare(root)) {
      first = data.store().manifest();
      truth = data.trueDirections();
      Path file = data.directory().resolve(Datasets.TRUE_FEATURES);
      assertThat(first.files()).containsExactly(new FileInfo(Datasets.TRUE_FEATURES, Files.size(file),
          AtomicFiles.sha256(file)));
      assertThat(first.metadata()).containsEntry(SyntheticGenerator.ALGORITHM_KEY, SyntheticGenerator.ALGORITHM);
      assertThat(first.shards()).hasSize(4);
    }
    Path dataSet = Datasets.directory(descriptor(), root);
    Path file = dataSet.resolve(Datasets.TRUE_FEATURES);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 1] ^= 1;
    Files.write(file, bytes);
    log.clear();

    try (PreparedData data = prepare(root)) {
      assertThat(data.store().manifest()).isEqualTo(first);
      assertThat(data.trueDirections()).containsExactly(truth);
    }
    assertThat(log).anyMatch(line -> line.startsWith("WARN data set " + dataSet + " is not valid")
        && line.contains(file.toString()) && line.contains("SHA-256"));
    assertThat(log).anyMatch(line -> line.startsWith("generating 20,000 synthetic tokens"));
  }

  @Test
  void a_data_set_of_an_earlier_generator_is_produced_again() throws Exception {
    Path root = dir.resolve("data");
    prepare(root).close();
    Path manifestFile = Datasets.directory(descriptor(), root).resolve(Manifest.FILE_NAME);
    Manifest current = Manifest.read(manifestFile);
    Map<String, String> earlier = new HashMap<>(current.metadata());
    earlier.remove(SyntheticGenerator.ALGORITHM_KEY);
    new Manifest(current.formatVersion(), current.dim(), current.rows(), current.rowsPerShard(), current.shards(),
        earlier, current.meanNorm(), current.meanSquaredNorm(), current.tokenColumns(), current.files())
        .write(manifestFile);
    log.clear();

    prepare(root).close();
    assertThat(log).anyMatch(line -> line.contains("was made by an earlier synthetic generator, not "
        + SyntheticGenerator.ALGORITHM));
    assertThat(Manifest.read(manifestFile).metadata()).containsEntry(SyntheticGenerator.ALGORITHM_KEY,
        SyntheticGenerator.ALGORITHM);
  }

  @Test
  void generation_killed_after_two_shards_resumes_at_the_third_with_the_same_fingerprint() throws Exception {
    String expected;
    try (PreparedData data = prepare(dir.resolve("reference"))) {
      expected = data.store().manifest().fingerprint();
    }
    Path root = dir.resolve("data");
    Path dataSet = Datasets.directory(descriptor(), root);
    Path partial = dataSet.resolveSibling(dataSet.getFileName() + ".partial");
    String descriptor = descriptorFile().toString();

    ChildJvm.Result killed = ChildJvm.run(Duration.ofMinutes(2), PrepareMain.class,
        ChildJvm.flags(ChildJvm.fault("shard.done:2")), descriptor, root.toString());
    assertThat(killed.exitCode()).as(killed.output()).isEqualTo(FaultInjection.EXIT_STATUS);
    assertThat(dataSet).doesNotExist();
    Object first = fileKey(partial.resolve("shard-00000.arrow"));
    Object second = fileKey(partial.resolve("shard-00001.arrow"));

    ChildJvm.Result resumed = ChildJvm.run(Duration.ofMinutes(2), PrepareMain.class, ChildJvm.flags(), descriptor,
        root.toString());
    assertThat(resumed.exitCode()).as(resumed.output()).isZero();
    assertThat(resumed.output()).contains("keeping 2 finished shard(s), 12,000 rows")
        .contains("from token 12,000").contains("fingerprint " + expected);
    assertThat(fileKey(dataSet.resolve("shard-00000.arrow"))).isEqualTo(first);
    assertThat(fileKey(dataSet.resolve("shard-00001.arrow"))).isEqualTo(second);
    assertThat(partial).doesNotExist();
  }

  private static Object fileKey(Path file) throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
  }
}
