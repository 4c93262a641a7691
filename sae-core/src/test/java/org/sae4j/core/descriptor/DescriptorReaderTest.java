package org.sae4j.core.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sae4j.harvest.Precision;
import org.junit.jupiter.api.io.TempDir;

class DescriptorReaderTest {

  @TempDir
  Path tmp;

  @Test
  void reads_every_field_of_a_full_synthetic_descriptor() throws Exception {
    Path file = Descriptors.resource("full.yaml");
    Descriptor d = DescriptorReader.read(file);

    assertThat(d.file()).isEqualTo(file.toAbsolutePath().normalize());
    assertThat(d.name()).isEqualTo("full-synthetic");
    assertThat(d.description()).isEqualTo("every key set");
    assertThat(d.seed()).isEqualTo(42);
    assertThat(d.backend()).isEqualTo("jvm");
    assertThat(d.data()).isEqualTo(new SyntheticData(2_000_000, 50_000, 64, 512, 6.0, 1.2, 0.25, 2.0, 0.02));
    assertThat(d.sae()).isEqualTo(new SaeSpec(new Architecture.ReluL1(), 1024, 0.2));
    assertThat(d.training()).isEqualTo(
        new TrainingSpec(2048, 3e-3, 1.5, 0.3, 0.1, 2.0, 0.8, 0.99, 1e-6, 2, 10, 20_000, 300,
            TrainingSpec.OnCollapse.WARN, TrainingSpec.ALL_TOKENS));
    assertThat(d.evaluation()).isEqualTo(new EvaluationSpec(40_000));
    assertThat(d.goals()).containsExactly(
        new Goal("varianceExplained", Comparison.AT_LEAST, 0.9),
        new Goal("featureRecovery.mmcs", Comparison.AT_LEAST, 0.9),
        new Goal("l0", Comparison.AT_MOST, 300),
        new Goal("deadFraction", Comparison.BELOW, 0.05));
  }

  @Test
  void applies_documented_defaults_to_a_minimal_descriptor() throws Exception {
    Descriptor d = Descriptors.read("minimal.yaml");

    assertThat(d.description()).isEmpty();
    assertThat(d.seed()).isZero();
    assertThat(d.backend()).isEqualTo("auto");
    // evalTokens defaults to min(100000, tokens / 10)
    assertThat(d.data()).isEqualTo(new SyntheticData(200_000, 20_000, 16, 48, 5.0, 1.0, 0.5, 1.5, 0.01));
    assertThat(d.sae()).isEqualTo(new SaeSpec(new Architecture.ReluL1(), 64, 0.1));
    assertThat(d.training()).isEqualTo(
        new TrainingSpec(4096, 5e-5, 5.0, 0.2, 0.05, 1.0, 0.9, 0.999, 1e-8, 1, 50, 100_000,
            TrainingSpec.CHECKPOINT_BY_TIME, TrainingSpec.OnCollapse.STOP, TrainingSpec.ALL_TOKENS));
    assertThat(d.training()).isEqualTo(TrainingSpec.DEFAULTS);
    assertThat(d.evaluation().maxTokens()).isEqualTo(10_000_000L);
    assertThat(d.goals()).isEmpty();
  }

  @Test
  void caps_default_eval_tokens_at_one_hundred_thousand() throws Exception {
    Descriptor big = DescriptorReader.read(Descriptors.write(tmp, "big.yaml",
        Descriptors.BASE.replace("tokens: 100000\n  evalTokens: 10000", "tokens: 5000000")));
    assertThat(big.data().evalTokens()).isEqualTo(100_000);
    assertThat(big.data().trainTokens(5_000_000)).isEqualTo(4_900_000);
  }

  @Test
  void resolves_harvest_corpus_paths_against_the_descriptor_directory() throws Exception {
    Path file = Descriptors.resource("harvest.yaml");
    Descriptor d = DescriptorReader.read(file);
    Path dir = file.toAbsolutePath().getParent();

    HarvestData h = (HarvestData) d.data();
    assertThat(h.model()).isEqualTo("all-minilm-l6-v2");
    assertThat(h.hook()).isEqualTo("blocks.3.resid_post");
    assertThat(h.block()).isEqualTo(3);
    assertThat(h.corpus()).containsExactly(dir.resolve("corpus/sotu.txt"),
        dir.getParent().resolve("shared/extra.txt"));
    assertThat(h.corpus()).allMatch(Path::isAbsolute);
    assertThat(h.window()).isEqualTo(64);
    assertThat(h.evalTokens()).isEqualTo(100_000);
    assertThat(d.goals()).extracting(Goal::metric).containsExactly("fidelity.recovered", "l0");
  }

  @Test
  void accepts_a_single_corpus_path_as_a_string() throws Exception {
    Descriptors.write(tmp, "texts/a.txt", "some text\n");
    Path file = Descriptors.write(tmp, "h.yaml", """
        name: h
        data: {source: harvest, model: e5-small-v2, hook: embed, corpus: texts/a.txt, tokens: 1000, evalTokens: 100}
        sae: {features: 8}
        training: {batchSize: 900}
        """);
    HarvestData h = (HarvestData) DescriptorReader.read(file).data();
    assertThat(h.corpus()).containsExactly(tmp.resolve("texts/a.txt"));
    assertThat(h.block()).isEqualTo(-1);
    assertThat(h.window()).isEqualTo(128);
  }

  @Test
  void reads_a_bf16_harvest_precision_and_leaves_the_fp32_data_hash_as_it_was() throws Exception {
    Descriptors.write(tmp, "texts/a.txt", "some text\n");
    String yaml = """
        name: h
        data: {source: harvest, model: e5-small-v2, hook: embed, corpus: texts/a.txt, tokens: 1000, evalTokens: 100%s}
        sae: {features: 8}
        training: {batchSize: 900}
        """;
    Descriptor bf16 = DescriptorReader.read(Descriptors.write(tmp, "bf16.yaml", yaml.formatted(", precision: bf16")));
    Descriptor fp32 = DescriptorReader.read(Descriptors.write(tmp, "fp32.yaml", yaml.formatted(", precision: fp32")));
    Descriptor bare = DescriptorReader.read(Descriptors.write(tmp, "bare.yaml", yaml.formatted("")));
    assertThat(((HarvestData) bf16.data()).precision()).isEqualTo(Precision.BF16);
    assertThat(((HarvestData) bare.data()).precision()).isEqualTo(Precision.FP32);
    assertThat(DescriptorHash.ofData(fp32)).isEqualTo(DescriptorHash.ofData(bare));
    assertThat(DescriptorHash.ofData(bf16)).isNotEqualTo(DescriptorHash.ofData(bare));
    Path resolved = Descriptors.write(tmp, "resolved.yaml", DescriptorHash.resolvedYaml(bf16));
    assertThat(DescriptorReader.read(resolved).data()).isEqualTo(bf16.data());
    DescriptorException e = assertThrows(DescriptorException.class,
        () -> DescriptorReader.read(Descriptors.write(tmp, "fp16.yaml", yaml.formatted(", precision: fp16"))));
    assertThat(e.getMessage()).contains("data.precision").contains("allowed: fp32 (the default) or bf16");
  }

  @Test
  void reads_arrow_data_without_a_token_cap_as_all_rows() throws Exception {
    Path file = Descriptors.resource("arrow.yaml");
    ArrowData a = (ArrowData) DescriptorReader.read(file).data();

    assertThat(a.path()).isEqualTo(file.toAbsolutePath().getParent().resolve("data/my-acts"));
    assertThat(a.tokens()).isEqualTo(ArrowData.ALL_ROWS);
    assertThat(a.tokenCap()).isEmpty();
    assertThat(a.evalTokens()).isEqualTo(100_000);
    assertThat(a.trainTokens(1_000_000)).isEqualTo(900_000);
  }

  @Test
  void reads_the_keys_of_arrow_data_in_another_layout_and_writes_them_back() throws Exception {
    Path file = Descriptors.write(tmp, "saelens.yaml", """
        name: saelens
        data:
          source: arrow
          path: /abs/cache
          column: blocks.3.hook_resid_post
          tokenColumn: ids
          skipPositions: [0, 1]
          skipTokenIds: 50256
          dtype: bfloat16
        sae: {features: 8}
        """);
    Descriptor d = DescriptorReader.read(file);
    assertThat(d.data()).isEqualTo(new ArrowData(Path.of("/abs/cache"), ArrowData.ALL_ROWS, 100_000,
        "blocks.3.hook_resid_post", "ids", List.of(0, 1), List.of(50256), "bfloat16"));
    Path resolved = Descriptors.write(tmp, "resolved.yaml", DescriptorHash.resolvedYaml(d));
    assertThat(DescriptorReader.read(resolved).data()).isEqualTo(d.data());
    // Defaults leave the data hash as it was before these keys existed.
    Path plain = Descriptors.write(tmp, "plain.yaml", """
        name: saelens
        data: {source: arrow, path: /abs/cache, column: activation, dtype: auto}
        sae: {features: 8}
        """);
    Path bare = Descriptors.write(tmp, "bare.yaml", """
        name: saelens
        data: {source: arrow, path: /abs/cache}
        sae: {features: 8}
        """);
    assertThat(DescriptorHash.ofData(DescriptorReader.read(plain)))
        .isEqualTo(DescriptorHash.ofData(DescriptorReader.read(bare)));
  }

  @Test
  void caps_arrow_rows_when_tokens_is_given() throws Exception {
    Path file = Descriptors.write(tmp, "sub/a.yaml", """
        name: capped
        data: {source: arrow, path: /abs/acts.arrow, tokens: 50000}
        sae: {features: 8}
        """);
    ArrowData a = (ArrowData) DescriptorReader.read(file).data();
    assertThat(a.path()).isEqualTo(Path.of("/abs/acts.arrow"));
    assertThat(a.tokenCap()).hasValue(50_000);
    assertThat(a.evalTokens()).isEqualTo(5_000);
    assertThat(a.trainTokens(30_000)).isEqualTo(25_000);
    assertThat(a.trainTokens(80_000)).isEqualTo(45_000);
  }

  @Test
  void counts_steps_in_whole_batches_per_epoch() throws Exception {
    TrainingSpec t = Descriptors.read("full.yaml").training();
    assertThat(t.steps(1_950_000)).isEqualTo(2 * (1_950_000 / 2048));
    assertThat(t.steps(2047)).isZero();
    assertThat(t.optimiser().beta1()).isEqualTo(0.8);
    assertThat(t.optimiser().gradClip()).isEqualTo(2.0);
  }

  @Test
  void with_backend_replaces_only_the_backend() throws Exception {
    Descriptor d = Descriptors.read("full.yaml");
    Descriptor t = d.withBackend("tornadovm", "--backend");
    assertThat(t.backend()).isEqualTo("tornadovm");
    assertThat(t.withBackend("jvm", "--backend")).isEqualTo(d);
  }

  @Test
  void keeps_string_fields_exactly_as_written() throws Exception {
    Path file = Descriptors.write(tmp, "n.yaml", "name: 007\ndescription: yes\n"
        + Descriptors.BASE.substring(Descriptors.BASE.indexOf("data:")));
    Descriptor d = DescriptorReader.read(file);
    assertThat(d.name()).isEqualTo("007");
    assertThat(d.description()).isEqualTo("yes");
    assertThat(List.of(d.data().tokens(), d.data().evalTokens())).containsExactly(100_000L, 10_000L);
  }

  @Test
  void records_built_in_code_reject_what_the_reader_rejects() {
    assertThrows(IllegalArgumentException.class, () -> new SyntheticData(1000, 100, 16, 16, 5, 1, 0.5, 1.5, 0.01));
    assertThrows(IllegalArgumentException.class, () -> new SyntheticData(1000, 1000, 16, 48, 5, 1, 0.5, 1.5, 0.01));
    assertThrows(IllegalArgumentException.class, () -> new ArrowData(Path.of("relative"), -1, 10));
    assertThrows(IllegalArgumentException.class, () -> new ArrowData(Path.of("/a"), -2, 10));
    assertThrows(IllegalArgumentException.class, () -> new TrainingSpec(64, 1e-3, 1, 0.6, 0.5, 1, 0.9, 0.999, 1e-8,
        1, 10, 100, 0, TrainingSpec.OnCollapse.STOP, TrainingSpec.ALL_TOKENS));
    assertThrows(IllegalArgumentException.class, () -> new TrainingSpec(64, 1e-3, 1, 0.2, 0.05, 1, 1.0, 0.999, 1e-8,
        1, 10, 100, 0, TrainingSpec.OnCollapse.STOP, TrainingSpec.ALL_TOKENS));
    assertThrows(IllegalArgumentException.class, () -> new TrainingSpec(64, 1e-3, 1, 0.2, 0.05, 1, 0.9, 0.999, 1e-8,
        1, 10, 100, -1, TrainingSpec.OnCollapse.STOP, TrainingSpec.ALL_TOKENS));
    assertThrows(IllegalArgumentException.class, () -> new TrainingSpec(64, 1e-3, 1, 0.2, 0.05, 1, 0.9, 0.999, 1e-8,
        1, 10, 100, 0, TrainingSpec.OnCollapse.STOP, 0));
    assertThrows(IllegalArgumentException.class, () -> new Goal("accuracy", Comparison.AT_LEAST, 0.9));
    assertThrows(IllegalArgumentException.class, () -> new HarvestData(1000, 100, "m", "blocks.x.resid_post",
        List.of(Path.of("/c.txt")), 128));
  }
}
