package org.sae4j.core.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every rejection names the file, the key path and the line of the offending key, and says what is allowed. */
class DescriptorErrorsTest {

  @TempDir
  Path tmp;

  private DescriptorException reject(String yaml) throws Exception {
    Path file = Descriptors.write(tmp, "bad.yaml", yaml);
    DescriptorException e = assertThrows(DescriptorException.class, () -> DescriptorReader.read(file));
    assertThat(e.file()).isEqualTo(file.toAbsolutePath().normalize());
    return e;
  }

  private static void assertAt(DescriptorException e, String keyPath, int line, String messageTail) {
    assertThat(e.keyPath()).isEqualTo(keyPath);
    assertThat(e.line()).isEqualTo(line);
    assertThat(e.getMessage()).startsWith(e.file() + ":" + line + ":").endsWith(messageTail);
  }

  @Test
  void rejects_unknown_key_listing_the_allowed_keys() throws Exception {
    DescriptorException e = reject(Descriptors.BASE + "  learningRate: 0.001\n");
    assertAt(e, "training.learningRate", 12, ": training.learningRate: unknown key; allowed keys in training: "
        + "batchSize, lr, l1, lrDecayFraction, l1WarmupFraction, gradClip, adamBeta1, adamBeta2, adamEpsilon, "
        + "epochs, logEvery, scaleSampleTokens, checkpointEvery, onCollapse, tokens");
    assertThat(e.getMessage()).isEqualTo(e.file() + ":12:3: training.learningRate: unknown key; allowed keys in "
        + "training: batchSize, lr, l1, lrDecayFraction, l1WarmupFraction, gradClip, adamBeta1, adamBeta2, "
        + "adamEpsilon, epochs, logEvery, scaleSampleTokens, checkpointEvery, onCollapse, tokens");
  }

  @Test
  void rejects_a_checkpoint_interval_below_one_step_and_an_unknown_collapse_action() throws Exception {
    assertAt(reject(Descriptors.BASE + "  checkpointEvery: 0\n"), "training.checkpointEvery", 12,
        ": training.checkpointEvery: 0 is out of range; allowed: an integer >= 1");
    assertAt(reject(Descriptors.BASE + "  onCollapse: ignore\n"), "training.onCollapse", 12,
        ": training.onCollapse: 'ignore' is not allowed; allowed: stop, warn");
  }

  @Test
  void suggests_the_closest_key_for_a_typo() throws Exception {
    DescriptorException e = reject(Descriptors.BASE.replace("batchSize", "batchsize"));
    assertAt(e, "training.batchsize", 11, "");
    assertThat(e.allowed()).startsWith("did you mean batchSize? allowed keys in training:");
  }

  @Test
  void rejects_unknown_top_level_key() throws Exception {
    DescriptorException e = reject("experiment: x\n" + Descriptors.BASE);
    assertAt(e, "experiment", 1, "allowed keys at the top level: name, description, seed, backend, data, sae, "
        + "training, evaluation, analysis, goals");
  }

  @Test
  void rejects_a_wrong_type_naming_the_key_and_line() throws Exception {
    DescriptorException e = reject(Descriptors.BASE.replace("features: 64", "features: lots"));
    assertAt(e, "sae.features", 9, ": sae.features: expected an integer, got \"lots\" (a string); allowed: an "
        + "integer in [1, 2147483647]");
  }

  @Test
  void rejects_a_fractional_value_for_an_integer_key() throws Exception {
    DescriptorException e = reject(Descriptors.BASE.replace("dim: 16", "dim: 16.5"));
    assertAt(e, "data.dim", 6, "data.dim: 16.5 is not an integer; allowed: an integer in [1, 65536]");
  }

  @Test
  void rejects_a_list_where_a_number_belongs() throws Exception {
    DescriptorException e = reject(Descriptors.BASE.replace("batchSize: 1024", "batchSize: [1024, 2048]"));
    assertAt(e, "training.batchSize", 11, "expected an integer, got a list; allowed: an integer in [1, 1048576]");
  }

  @Test
  void rejects_an_out_of_range_value() throws Exception {
    DescriptorException e = reject(Descriptors.BASE + "  lrDecayFraction: 1.5\n");
    assertAt(e, "training.lrDecayFraction", 12,
        ": training.lrDecayFraction: 1.5 is out of range; allowed: a number in [0, 1]");
  }

  @Test
  void rejects_infinity_as_not_finite() throws Exception {
    DescriptorException e = reject(Descriptors.BASE + "  lr: .inf\n");
    assertAt(e, "training.lr", 12, "training.lr: .inf is not a finite number; allowed: a number > 0");
  }

  @Test
  void rejects_eval_tokens_not_below_tokens() throws Exception {
    DescriptorException e = reject(Descriptors.BASE.replace("evalTokens: 10000", "evalTokens: 100000"));
    assertAt(e, "data.evalTokens", 5, ": data.evalTokens: 100000 is not less than data.tokens (100000); allowed: "
        + "1 <= evalTokens < tokens; the evaluation tokens are held out of data.tokens");
  }

  @Test
  void rejects_fewer_training_tokens_than_one_batch() throws Exception {
    DescriptorException e = reject(Descriptors.BASE.replace("batchSize: 1024", "batchSize: 95000"));
    assertAt(e, "training.batchSize", 11, ": training.batchSize: one batch of 95000 is more than the 90000 training "
        + "tokens (data.tokens 100000 minus data.evalTokens 10000); allowed: batchSize <= tokens - evalTokens");
  }

  @Test
  void blames_data_tokens_when_the_default_batch_does_not_fit() throws Exception {
    DescriptorException e = reject(Descriptors.BASE.replace("tokens: 100000", "tokens: 4000")
        .replace("evalTokens: 10000", "evalTokens: 100").replace("  batchSize: 1024\n", ""));
    assertAt(e, "data.tokens", 4, "one batch of 4096 is more than the 3900 training tokens (data.tokens 4000 "
        + "minus data.evalTokens 100); allowed: batchSize <= tokens - evalTokens");
  }

  @Test
  void rejects_a_synthetic_key_under_the_harvest_source() throws Exception {
    DescriptorException e = reject("""
        name: wrong-source
        data:
          source: harvest
          model: all-minilm-l6-v2
          hook: blocks.3.resid_post
          corpus: corpus/sotu.txt.gz
          tokens: 100000
          dim: 384
        sae:
          features: 64
        """);
    assertAt(e, "data.dim", 8, ": data.dim: is only allowed when data.source is synthetic (here data.source is "
        + "harvest); keys allowed with data.source harvest: source, tokens, evalTokens, model, hook, corpus, window, "
        + "precision");
  }

  @Test
  void rejects_a_harvest_key_under_the_synthetic_source() throws Exception {
    DescriptorException e = reject(Descriptors.BASE.replace("  dim: 16\n", "  dim: 16\n  model: bert\n"));
    assertAt(e, "data.model", 7, "data.model: is only allowed when data.source is harvest (here data.source is "
        + "synthetic); keys allowed with data.source synthetic: source, tokens, evalTokens, dim, trueFeatures, "
        + "meanActive, frequencyExponent, magnitudeMin, magnitudeMax, noise");
  }

  @Test
  void rejects_true_features_not_above_dim() throws Exception {
    DescriptorException e = reject(Descriptors.BASE.replace("trueFeatures: 48", "trueFeatures: 16"));
    assertAt(e, "data.trueFeatures", 7, "data.trueFeatures: 16 is not greater than data.dim (16); allowed: "
        + "trueFeatures > dim, so that the planted features are in superposition");
  }

  @Test
  void rejects_a_default_mean_active_that_does_not_fit_few_true_features() throws Exception {
    DescriptorException e = reject(Descriptors.BASE.replace("dim: 16", "dim: 2").replace("trueFeatures: 48",
        "trueFeatures: 4"));
    assertAt(e, "data.trueFeatures", 7, "data.meanActive (5, the default) is not less than data.trueFeatures (4); "
        + "allowed: 0 < meanActive < trueFeatures");
  }

  @Test
  void rejects_magnitude_bounds_in_the_wrong_order() throws Exception {
    DescriptorException e = reject(Descriptors.BASE.replace("  dim: 16\n", "  dim: 16\n  magnitudeMax: 0.3\n"));
    assertAt(e, "data.magnitudeMax", 7, "data.magnitudeMin (0.5) is greater than data.magnitudeMax (0.3); allowed: "
        + "0 <= magnitudeMin <= magnitudeMax (defaults 0.5 and 1.5)");
  }

  @Test
  void rejects_schedule_fractions_that_overlap() throws Exception {
    DescriptorException e = reject(Descriptors.BASE + "  lrDecayFraction: 0.6\n  l1WarmupFraction: 0.5\n");
    assertAt(e, "training.l1WarmupFraction", 13, "lrDecayFraction (0.6) + l1WarmupFraction (0.5) is more than 1; "
        + "allowed: lrDecayFraction + l1WarmupFraction <= 1 (the warm-up and the decay must not overlap)");
  }

  @Test
  void rejects_a_negative_skip_position_and_an_unknown_dtype_at_their_keys() throws Exception {
    Path negative = Descriptors.write(tmp, "negative.yaml", """
        name: x
        data:
          source: arrow
          path: /abs/acts
          skipPositions: [0, -1]
        sae: {features: 8}
        """);
    DescriptorException e = assertThrows(DescriptorException.class, () -> DescriptorReader.read(negative));
    assertThat(e.keyPath()).isEqualTo("data.skipPositions[1]");
    Path dtype = Descriptors.write(tmp, "dtype.yaml", """
        name: x
        data:
          source: arrow
          path: /abs/acts
          dtype: bf16
        sae: {features: 8}
        """);
    e = assertThrows(DescriptorException.class, () -> DescriptorReader.read(dtype));
    assertThat(e.keyPath()).isEqualTo("data.dtype");
    assertThat(e.getMessage()).contains("bfloat16");
    Path synthetic = Descriptors.write(tmp, "column.yaml", Descriptors.BASE.replace("source: synthetic",
        "source: synthetic\n  column: acts"));
    e = assertThrows(DescriptorException.class, () -> DescriptorReader.read(synthetic));
    assertThat(e.keyPath()).isEqualTo("data.column");
    assertThat(e.getMessage()).contains("only allowed when data.source is arrow");
  }

  @Test
  void rejects_unknown_data_source_listing_the_known_ones() throws Exception {
    DescriptorException e = reject(Descriptors.BASE.replace("source: synthetic", "source: parquet"));
    assertAt(e, "data.source", 3, "data.source: 'parquet' is not allowed; allowed: synthetic, arrow, harvest");
  }

  @Test
  void rejects_an_unknown_architecture_listing_the_known_ones() throws Exception {
    DescriptorException e = reject(Descriptors.BASE.replace("sae:\n", "sae:\n  architecture: gated\n"));
    assertAt(e, "sae.architecture", 9, "sae.architecture: 'gated' is not allowed; allowed: relu-l1, topk, batchtopk, "
        + "jumprelu");
  }

  @Test
  void rejects_a_missing_required_key_at_its_section() throws Exception {
    DescriptorException e = reject(Descriptors.BASE.replace("  features: 64\n", "  decoderInitNorm: 0.2\n"));
    assertAt(e, "sae.features", 8, "sae.features: missing required key; allowed: an integer in [1, 2147483647]");
  }

  @Test
  void rejects_a_missing_required_section() throws Exception {
    DescriptorException e = reject(Descriptors.BASE.substring(0, Descriptors.BASE.indexOf("sae:")));
    assertAt(e, "sae", 1, "sae: missing required section; add a sae: mapping");
  }

  @Test
  void rejects_a_name_that_cannot_name_a_directory() throws Exception {
    DescriptorException e = reject(Descriptors.BASE.replace("name: base", "name: My Run/1"));
    assertAt(e, "name", 1, "name: 'My Run/1' is not allowed; allowed: 1 to 64 of a-z, 0-9, '.', '_', '-', starting "
        + "with a letter or digit");
  }

  @Test
  void rejects_a_duplicate_key_naming_the_first_one() throws Exception {
    DescriptorException e = reject(Descriptors.BASE + "  batchSize: 2048\n");
    assertAt(e, "training.batchSize", 12, "training.batchSize: duplicate key (first at line 11); write each key once");
  }

  @Test
  void rejects_a_goal_without_an_operator() throws Exception {
    DescriptorException e = reject(Descriptors.BASE + "goals:\n  l0: \"=< 300\"\n");
    assertAt(e, "goals.l0", 13, "goals.l0: '=< 300' is not a goal; allowed: a quoted comparison and a number, e.g. "
        + "\">= 0.9\" or \"<= 300\" (operators >=, <=, >, <)");
  }

  @Test
  void rejects_a_bare_number_goal_saying_how_to_write_it() throws Exception {
    DescriptorException e = reject(Descriptors.BASE + "goals:\n  varianceExplained: 0.9\n");
    assertAt(e, "goals.varianceExplained", 13, "goals.varianceExplained: 0.9 is a bare number; a goal needs a "
        + "comparison; write e.g. varianceExplained: \">= 0.9\" or \"<= 0.9\"");
  }

  @Test
  void rejects_an_unknown_goal_metric_listing_the_known_ones() throws Exception {
    DescriptorException e = reject(Descriptors.BASE + "goals:\n  l0: \"<= 30\"\n  accuracy: \">= 0.9\"\n");
    assertAt(e, "goals.accuracy", 14, "goals.accuracy: unknown goal metric accuracy; allowed metrics: mse, "
        + "varianceExplained, l0, l1, deadFraction, denseFraction, shrinkage, featureRecovery.mmcs, "
        + "featureRecovery.recoveredAt09, fidelity.recovered, fidelity.cosine, fidelity.cosineZeroAblation");
  }

  @Test
  void rejects_an_unknown_nested_goal_metric_with_its_full_path() throws Exception {
    DescriptorException e = reject(Descriptors.BASE + "goals:\n  featureRecovery:\n    mmc: \">= 0.9\"\n");
    assertAt(e, "goals.featureRecovery.mmc", 14, "");
    assertThat(e.allowed()).startsWith("did you mean featureRecovery.mmcs? allowed metrics: mse,");
  }

  @Test
  void rejects_a_feature_recovery_goal_without_synthetic_data() throws Exception {
    DescriptorException e = reject("""
        name: arrow-run
        data: {source: arrow, path: acts}
        sae: {features: 64}
        goals:
          varianceExplained: ">= 0.5"
          featureRecovery.mmcs: ">= 0.9"
        """);
    assertAt(e, "goals.featureRecovery.mmcs", 6, "metric featureRecovery.mmcs exists only for data.source synthetic "
        + "(here data.source is arrow); remove this goal or change data.source");
  }

  @Test
  void explains_that_an_unquoted_goal_starting_with_greater_than_must_be_quoted() throws Exception {
    DescriptorException e = reject(Descriptors.BASE + "goals:\n  varianceExplained: >= 0.9\n");
    assertThat(e.line()).isEqualTo(13);
    assertThat(e.getMessage()).contains("invalid YAML").endsWith("quote values that start with > or | (e.g. \">= 0.9\")");
  }

  @Test
  void rejects_an_empty_file_naming_it() throws Exception {
    DescriptorException e = reject("# nothing here\n\n");
    assertThat(e.line()).isEqualTo(-1);
    assertThat(e.getMessage()).isEqualTo(e.file() + ": the file is empty; a descriptor is a YAML mapping with at "
        + "least name, data and sae");
  }

  @Test
  void rejects_a_top_level_list() throws Exception {
    DescriptorException e = reject("- name: x\n");
    assertThat(e.getMessage()).isEqualTo(e.file() + ":1:1: expected a mapping of keys at the top level, got a list; "
        + "a descriptor is a YAML mapping with at least name, data and sae");
  }

  @Test
  void rejects_a_second_document() throws Exception {
    DescriptorException e = reject(Descriptors.BASE + "---\nname: other\n");
    assertThat(e.line()).isEqualTo(13);
    assertThat(e.problem()).isEqualTo("a second YAML document starts here");
  }

  @Test
  void rejects_a_missing_file_naming_it() {
    Path missing = tmp.resolve("nope.yaml");
    DescriptorException e = assertThrows(DescriptorException.class, () -> DescriptorReader.read(missing));
    assertThat(e.getMessage()).isEqualTo(missing + ": no such file; pass the path of a descriptor .yaml file");
  }

  @Test
  void rejects_text_that_is_not_utf8() throws Exception {
    Path file = tmp.resolve("latin1.yaml");
    Files.write(file, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xE9, '\n'});
    DescriptorException e = assertThrows(DescriptorException.class, () -> DescriptorReader.read(file));
    assertThat(e.problem()).isEqualTo("not UTF-8 text");
  }

  @Test
  void rejects_yaml_aliases() throws Exception {
    DescriptorException e = reject(Descriptors.BASE.replace("tokens: 100000", "tokens: &t 100000")
        + "  scaleSampleTokens: *t\n");
    assertAt(e, "training.scaleSampleTokens", 12, "YAML aliases (*t) are not supported; write the value itself");
  }

  /** A valid harvest descriptor whose corpus exists: model at line 4, hook 5, corpus 6, sae.features 9. */
  private String harvest() {
    Descriptors.write(tmp, "corpus/a.txt", "Some text to harvest.\n");
    return """
        name: h
        data:
          source: harvest
          model: all-minilm-l6-v2
          hook: blocks.3.resid_post
          corpus: corpus/a.txt
          tokens: 100000
        sae:
          features: 64
        training:
          batchSize: 1024
        """;
  }

  @Test
  void accepts_the_harvest_base() throws Exception {
    Path file = Descriptors.write(tmp, "good.yaml", harvest());
    assertThat(((HarvestData) DescriptorReader.read(file).data()).corpus()).containsExactly(tmp.resolve("corpus/a.txt"));
  }

  @Test
  void rejects_an_unknown_backend_suggesting_the_near_miss() throws Exception {
    DescriptorException e = reject("backend: jvn\n" + Descriptors.BASE);
    assertAt(e, "backend", 1, "backend: unknown backend 'jvn'; did you mean jvm? allowed: auto, jvm, tornadovm");
  }

  @Test
  void rejects_an_unknown_backend_override_naming_where_it_came_from() throws Exception {
    Descriptor d = DescriptorReader.read(Descriptors.write(tmp, "ok.yaml", Descriptors.BASE));
    DescriptorException e = assertThrows(DescriptorException.class, () -> d.withBackend("tornado", "-Dsae.backend"));
    assertThat(e.keyPath()).isEqualTo("backend");
    assertThat(e.getMessage()).isEqualTo(d.file() + ": backend: unknown backend 'tornado' given by -Dsae.backend; "
        + "did you mean tornadovm? allowed: auto, jvm, tornadovm");
    assertThrows(DescriptorException.class, () -> d.withBackend("Tornado VM", "--backend"));
  }

  @Test
  void rejects_an_unknown_model_suggesting_the_near_miss() throws Exception {
    DescriptorException e = reject(harvest().replace("model: all-minilm-l6-v2", "model: all-minilm-l6"));
    assertAt(e, "data.model", 4, "data.model: unknown model 'all-minilm-l6'; did you mean all-minilm-l6-v2? allowed: "
        + "all-minilm-l6-v2, bge-small-en-v15, e5-small-v2 (the models sae4j loads offline from Maven Central jars)");
  }

  @Test
  void rejects_a_hook_past_the_models_depth() throws Exception {
    DescriptorException e = reject(harvest().replace("blocks.3.resid_post", "blocks.6.resid_post"));
    assertAt(e, "data.hook", 5, "data.hook: blocks.6.resid_post is past the last block of all-minilm-l6-v2; allowed "
        + "for all-minilm-l6-v2 (6 blocks, numbered from 0): embed or blocks.0.resid_post … blocks.5.resid_post");
  }

  @Test
  void accepts_the_last_block_of_a_deeper_model() throws Exception {
    Path file = Descriptors.write(tmp, "deep.yaml", harvest().replace("all-minilm-l6-v2", "bge-small-en-v15")
        .replace("blocks.3.resid_post", "blocks.11.resid_post"));
    assertThat(((HarvestData) DescriptorReader.read(file).data()).block()).isEqualTo(11);
  }

  @Test
  void rejects_a_misspelt_hook_suggesting_the_near_miss() throws Exception {
    DescriptorException e = reject(harvest().replace("blocks.3.resid_post", "block.3.resid_post"));
    assertAt(e, "data.hook", 5, "");
    assertThat(e.problem()).isEqualTo("'block.3.resid_post' is not a hook name");
    assertThat(e.allowed()).startsWith("did you mean blocks.3.resid_post? allowed for all-minilm-l6-v2");
  }

  @Test
  void rejects_a_missing_corpus_file_naming_the_resolved_path() throws Exception {
    DescriptorException e = reject(harvest().replace("corpus: corpus/a.txt", "corpus: corpus/missing-file.txt"));
    assertAt(e, "data.corpus", 6, "");
    assertThat(e.problem()).isEqualTo("corpus file " + tmp.resolve("corpus/missing-file.txt") + " does not exist");
    assertThat(e.allowed()).startsWith("allowed: a path or a list of paths of text files").contains(tmp.toString());
  }

  @Test
  void rejects_a_missing_corpus_file_in_a_list_at_its_item_suggesting_a_sibling() throws Exception {
    DescriptorException e = reject(harvest().replace("corpus: corpus/a.txt", "corpus:\n    - corpus/a.txt\n"
        + "    - corpus/b.txt"));
    assertThat(e.keyPath()).isEqualTo("data.corpus[1]");
    assertThat(e.line()).isEqualTo(8);
    assertThat(e.allowed()).startsWith("did you mean " + tmp.resolve("corpus/a.txt") + "? allowed:");
  }

  @Test
  void rejects_a_directory_as_corpus_file() throws Exception {
    DescriptorException e = reject(harvest().replace("corpus: corpus/a.txt", "corpus: corpus"));
    assertThat(e.problem()).isEqualTo("corpus file " + tmp.resolve("corpus") + " is a directory, not a file");
    assertThat(e.allowed()).startsWith("allowed: ");
  }

  @Test
  void rejects_more_features_than_one_array_holds_for_the_models_hidden_size() throws Exception {
    DescriptorException e = reject(harvest().replace("features: 64", "features: 6000000"));
    assertAt(e, "sae.features", 9, "sae.features: 6000000 features of dimension 384 do not fit one Java array; "
        + "allowed: features × the hidden size of all-minilm-l6-v2 <= 2147483639");
  }

  @Test
  void rejects_a_learning_rate_that_overflows_float32() throws Exception {
    DescriptorException e = reject(Descriptors.BASE + "  lr: 3e38\n");
    assertAt(e, "training.lr", 12, "training.lr: 3e38 is out of range; allowed: a number in (0, 1] (Adam moves "
        + "each weight by about lr per step, in float32)");
  }

  @Test
  void rejects_an_l1_coefficient_beyond_float32() throws Exception {
    DescriptorException e = reject(Descriptors.BASE + "  l1: 1e39\n");
    assertAt(e, "training.l1", 12, "training.l1: 1e39 is out of range; allowed: a number in [0, 10000] (the "
        + "penalty's gradient λ·‖W_d,i‖/B is float32)");
  }

  @Test
  void rejects_adam_settings_that_float32_cannot_represent() throws Exception {
    assertAt(reject(Descriptors.BASE + "  adamEpsilon: 1e-50\n"), "training.adamEpsilon", 12,
        "allowed: a number in [1e-30, 1] (a smaller ε rounds to 0 in float32 and "
        + "divides 0 by 0)");
    assertAt(reject(Descriptors.BASE + "  adamBeta2: 0.99999999\n"), "training.adamBeta2", 12,
        "0.99999999 is out of range; allowed: a number in [0, 0.99999] (1 − β must stay distinct from 0 in float32)");
    assertAt(reject(Descriptors.BASE + "  gradClip: 1e300\n"), "training.gradClip", 12,
        "allowed: a number in (0, 1000000] (1e6 already means no clipping)");
  }

  @Test
  void rejects_a_huge_decoder_init_norm() throws Exception {
    DescriptorException e = reject(Descriptors.BASE.replace("  features: 64\n", "  features: 64\n"
        + "  decoderInitNorm: 1e20\n"));
    assertAt(e, "sae.decoderInitNorm", 10, "sae.decoderInitNorm: 1e20 is out of range; allowed: a number in "
        + "(0, 100] (the reconstruction grows with the square of the initial decoder norm; the default is 0.1)");
  }

  @Test
  void rejects_synthetic_magnitudes_beyond_float32() throws Exception {
    assertAt(reject(Descriptors.BASE.replace("  dim: 16\n", "  dim: 16\n  magnitudeMax: 1e30\n")),
        "data.magnitudeMax", 7, "1e30 is out of range; allowed: a number in [0, 1000000] (activations are stored "
        + "as float32 and squared in the metrics)");
    assertAt(reject(Descriptors.BASE.replace("  dim: 16\n", "  dim: 16\n  noise: 1e7\n")), "data.noise", 7,
        "1e7 is out of range; allowed: a number in [0, 1000000] (activations are stored as float32 and squared in "
        + "the metrics)");
    assertAt(reject(Descriptors.BASE.replace("  dim: 16\n", "  dim: 16\n  frequencyExponent: 400\n")),
        "data.frequencyExponent", 7, "allowed: a number in [0, 10] ((k+1)^-a underflows to 0 for larger exponents)");
  }

  @Test
  void accepts_every_bound_itself() throws Exception {
    Path file = Descriptors.write(tmp, "edge.yaml", Descriptors.BASE.replace("  dim: 16\n", "  dim: 16\n"
        + "  magnitudeMax: 1e6\n  noise: 1e6\n  frequencyExponent: 10\n").replace("  features: 64\n",
        "  features: 64\n  decoderInitNorm: 100\n") + "  lr: 1\n  l1: 1e4\n  gradClip: 1e6\n  adamBeta1: 0.99999\n"
        + "  adamBeta2: 0.99999\n  adamEpsilon: 1e-30\n");
    Descriptor d = DescriptorReader.read(file);
    assertThat(d.training().lr()).isEqualTo(1.0);
    assertThat(d.sae().decoderInitNorm()).isEqualTo(100.0);
  }
}
