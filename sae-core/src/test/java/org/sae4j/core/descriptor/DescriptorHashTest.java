package org.sae4j.core.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DescriptorHashTest {

  @TempDir
  Path tmp;

  @Test
  void is_stable_across_key_order_number_spelling_and_formatting() throws Exception {
    Descriptor full = Descriptors.read("full.yaml");
    Descriptor reordered = Descriptors.read("full-reordered.yaml");

    assertThat(List.of(reordered.name(), reordered.description(), reordered.seed(), reordered.backend()))
        .isEqualTo(List.of(full.name(), full.description(), full.seed(), full.backend()));
    assertThat(List.of(reordered.data(), reordered.sae(), reordered.training(), reordered.evaluation()))
        .isEqualTo(List.of(full.data(), full.sae(), full.training(), full.evaluation()));
    assertThat(reordered.goals()).containsExactlyInAnyOrderElementsOf(full.goals());
    assertThat(DescriptorHash.of(reordered)).isEqualTo(DescriptorHash.of(full));
    assertThat(DescriptorHash.ofData(reordered)).isEqualTo(DescriptorHash.ofData(full));
  }

  @Test
  void is_the_same_whether_defaults_are_implicit_or_explicit() throws Exception {
    assertThat(DescriptorHash.of(Descriptors.read("minimal-explicit.yaml")))
        .isEqualTo(DescriptorHash.of(Descriptors.read("minimal.yaml")));
  }

  @Test
  void is_lower_case_sha256_hex() throws Exception {
    assertThat(DescriptorHash.of(Descriptors.read("minimal.yaml"))).matches("[0-9a-f]{64}");
  }

  static Stream<Arguments> edits() {
    return Stream.of(
        Arguments.of("name: base", "name: base2"),
        Arguments.of("tokens: 100000", "tokens: 100001"),
        Arguments.of("dim: 16", "dim: 17"),
        Arguments.of("features: 64", "features: 65"),
        Arguments.of("batchSize: 1024", "batchSize: 1025"),
        Arguments.of("batchSize: 1024", "batchSize: 1024\n  lr: 5.00001e-5"),
        Arguments.of("name: base", "name: base\nseed: 1"),
        Arguments.of("name: base", "name: base\ndescription: changed"),
        Arguments.of("name: base", "name: base\nbackend: jvm"),
        Arguments.of("name: base", "name: base\ngoals: {l0: \"<= 300\"}"),
        Arguments.of("name: base", "name: base\nevaluation: {maxTokens: 5000}"),
        Arguments.of("batchSize: 1024", "batchSize: 1024\n  onCollapse: warn"));
  }

  @ParameterizedTest
  @MethodSource("edits")
  void changes_when_any_value_changes(String from, String to) throws Exception {
    Descriptor before = DescriptorReader.read(Descriptors.write(tmp, "a.yaml", Descriptors.BASE));
    String edited = Descriptors.BASE.replace(from, to);
    assertThat(edited).isNotEqualTo(Descriptors.BASE);
    Descriptor after = DescriptorReader.read(Descriptors.write(tmp, "b.yaml", edited));
    assertThat(DescriptorHash.of(after)).isNotEqualTo(DescriptorHash.of(before));
  }

  @Test
  void ignores_the_checkpoint_interval_which_does_not_change_the_result() throws Exception {
    Descriptor base = DescriptorReader.read(Descriptors.write(tmp, "a.yaml", Descriptors.BASE));
    Descriptor every10 = DescriptorReader.read(Descriptors.write(tmp, "b.yaml",
        Descriptors.BASE + "  checkpointEvery: 10\n"));
    Descriptor every7 = DescriptorReader.read(Descriptors.write(tmp, "c.yaml",
        Descriptors.BASE + "  checkpointEvery: 7\n"));
    assertThat(every10.training().checkpointEvery()).isEqualTo(10);
    assertThat(DescriptorHash.of(every10)).isEqualTo(DescriptorHash.of(base)).isEqualTo(DescriptorHash.of(every7));
    assertThat(DescriptorHash.resolvedYaml(every10)).contains("  checkpointEvery: 10\n");
  }

  @Test
  void data_hash_follows_the_data_and_seed_but_not_the_training() throws Exception {
    Descriptor base = DescriptorReader.read(Descriptors.write(tmp, "a.yaml", Descriptors.BASE));
    Descriptor otherTraining = DescriptorReader.read(Descriptors.write(tmp, "b.yaml",
        Descriptors.BASE.replace("batchSize: 1024", "batchSize: 2048").replace("features: 64", "features: 128")
            .replace("name: base", "name: other")));
    Descriptor otherSeed = DescriptorReader.read(Descriptors.write(tmp, "c.yaml",
        Descriptors.BASE + "seed: 3\n"));
    Descriptor otherNoise = DescriptorReader.read(Descriptors.write(tmp, "d.yaml",
        Descriptors.BASE.replace("dim: 16", "dim: 16\n  noise: 0.02")));

    assertThat(DescriptorHash.ofData(otherTraining)).isEqualTo(DescriptorHash.ofData(base));
    assertThat(DescriptorHash.of(otherTraining)).isNotEqualTo(DescriptorHash.of(base));
    assertThat(DescriptorHash.ofData(otherSeed)).isNotEqualTo(DescriptorHash.ofData(base));
    assertThat(DescriptorHash.ofData(otherNoise)).isNotEqualTo(DescriptorHash.ofData(base));
  }

  @Test
  void uses_paths_relative_to_the_descriptor_so_a_moved_project_keeps_its_hash() throws Exception {
    String yaml = "name: acts\ndata: {source: arrow, path: data/acts}\nsae: {features: 8}\n";
    Descriptor here = DescriptorReader.read(Descriptors.write(tmp, "one/x.yaml", yaml));
    Descriptor there = DescriptorReader.read(Descriptors.write(tmp, "two/deeper/x.yaml", yaml));
    Descriptor elsewhere = DescriptorReader.read(Descriptors.write(tmp, "three/x.yaml",
        yaml.replace("data/acts", "other/acts")));

    assertThat(here.data()).isNotEqualTo(there.data());
    assertThat(DescriptorHash.of(there)).isEqualTo(DescriptorHash.of(here));
    assertThat(DescriptorHash.of(elsewhere)).isNotEqualTo(DescriptorHash.of(here));
    assertThat(DescriptorHash.canonicalJson(here)).contains("\"path\":\"data/acts\"").doesNotContain(tmp.toString());
  }

  @Test
  void canonical_json_sorts_keys_and_writes_decimals_plainly() throws Exception {
    String json = DescriptorHash.canonicalJson(Descriptors.read("minimal.yaml"));
    assertThat(json).startsWith("{\"backend\":\"auto\",\"data\":{\"dim\":16,\"evalTokens\":20000,");
    assertThat(json).contains("\"lr\":0.00005,").contains("\"l1\":5,").contains("\"adamEpsilon\":0.00000001,")
        .doesNotContain("file");
  }

  @Test
  void resolved_yaml_reads_back_to_the_same_descriptor_and_hash() throws Exception {
    Path dir = tmp.resolve("descriptors");
    Descriptors.write(dir, "corpus/sotu.txt", "harvest.yaml's corpus\n");
    Descriptors.write(tmp, "shared/extra.txt", "harvest.yaml's second corpus file\n");
    for (String name : new String[] {"full.yaml", "minimal.yaml", "harvest.yaml", "arrow.yaml"}) {
      Path original = Files.copy(Descriptors.resource(name), dir.resolve(name));
      Descriptor d = DescriptorReader.read(original);
      Path resolved = Descriptors.write(dir, "resolved-" + name, DescriptorHash.resolvedYaml(d));
      Descriptor back = DescriptorReader.read(resolved);
      assertThat(back.withBackend(d.backend(), "a test")).isEqualTo(d.at(back.file()));
      assertThat(DescriptorHash.of(back)).isEqualTo(DescriptorHash.of(d));
    }
  }

  @Test
  void resolved_yaml_writes_every_default_and_names_its_source() throws Exception {
    Descriptor d = Descriptors.read("minimal.yaml");
    String yaml = DescriptorHash.resolvedYaml(d);
    assertThat(yaml).startsWith("# resolved from " + d.file() + "\n# descriptorHash: " + DescriptorHash.of(d) + "\n");
    assertThat(yaml).contains("backend: auto\n", "  evalTokens: 20000\n", "  lr: 0.00005\n",
        "  adamBeta2: 0.999\n", "  maxTokens: 10000000\n");
  }
}
