package org.sae4j.core.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.core.analysis.Stage;

/** The {@code analysis} section: analyses by name, each section validated by its analysis, defaults, the hash. */
class AnalysisSectionTest {

  /** A harvested descriptor; line 10 is the last line of data. */
  private static final String HARVEST = """
      name: h
      data:
        source: harvest
        model: all-minilm-l6-v2
        hook: blocks.3.resid_post
        corpus: corpus.txt
        window: 32
        tokens: 6000
        evalTokens: 1000
      sae:
        features: 64
      training:
        batchSize: 128
      """;

  @TempDir
  Path tmp;

  @BeforeEach
  void corpus() {
    Descriptors.write(tmp, "corpus.txt", "Call me Ishmael.\n");
  }

  private Descriptor read(String yaml) throws DescriptorException {
    return DescriptorReader.read(Descriptors.write(tmp, "d.yaml", yaml));
  }

  private DescriptorException reject(String yaml) {
    return assertThrows(DescriptorException.class, () -> read(yaml));
  }

  @Test
  void harvested_data_runs_top_contexts_and_fidelity_by_default_and_synthetic_data_runs_feature_recovery() throws
      Exception {
    assertThat(read(HARVEST).analyses()).extracting(AnalysisSpec::name)
        .containsExactly("topContexts", "fidelity", "dashboard");
    assertThat(read(HARVEST).analyses(Stage.ANALYZE)).isEmpty();
    assertThat(read(Descriptors.BASE).analyses()).extracting(AnalysisSpec::name)
        .containsExactly("featureRecovery", "dashboard");
  }

  @Test
  void an_unknown_analysis_is_named_with_its_line_and_a_suggestion() {
    DescriptorException e = reject(HARVEST + "analysis:\n  topContext:\n    perFeature: 4\n");
    assertThat(e.keyPath()).isEqualTo("analysis.topContext");
    assertThat(e.line()).isEqualTo(15);
    assertThat(e.allowed()).startsWith("did you mean topContexts? allowed keys in analysis: ");
  }

  @Test
  void an_analysis_validates_its_own_keys_and_values_at_their_lines() {
    DescriptorException unknown = reject(HARVEST + "analysis:\n  topContexts:\n    perFeatures: 4\n");
    assertThat(unknown.keyPath()).isEqualTo("analysis.topContexts.perFeatures");
    assertThat(unknown.line()).isEqualTo(16);
    assertThat(unknown.allowed()).contains("did you mean perFeature?");
    DescriptorException range = reject(HARVEST + "analysis:\n  fidelity:\n    windows: 0\n");
    assertThat(range.keyPath()).isEqualTo("analysis.fidelity.windows");
    assertThat(range.getMessage()).contains("0 is out of range");
  }

  @Test
  void an_analysis_that_needs_a_model_is_rejected_for_synthetic_data() {
    DescriptorException e = reject(Descriptors.BASE + "analysis:\n  topContexts:\n");
    assertThat(e.keyPath()).isEqualTo("analysis.topContexts");
    assertThat(e.problem()).isEqualTo("analysis topContexts needs data.source harvest (here data.source is "
        + "synthetic)");
  }

  @Test
  void a_goal_on_an_analysis_the_descriptor_does_not_run_is_rejected() {
    DescriptorException e = reject(Descriptors.BASE + "goals:\n  analysis.search.topShare: \">= 0.5\"\n");
    assertThat(e.keyPath()).isEqualTo("goals.analysis.search.topShare");
    assertThat(e.problem()).contains("names analysis 'search', which this descriptor does not run");
    DescriptorException none = reject(HARVEST + "goals:\n  analysis.fidelity.windows: \">= 1\"\n");
    assertThat(none.problem()).isEqualTo("analysis fidelity records no metric analysis.fidelity.windows");
  }

  @Test
  void writing_an_analysis_with_its_defaults_keeps_the_hash_and_changing_a_setting_changes_it() throws Exception {
    String plain = DescriptorHash.of(read(HARVEST));
    assertThat(DescriptorHash.of(read(HARVEST + "analysis:\n  topContexts:\n  fidelity:\n    windows: 256\n")))
        .isEqualTo(plain);
    Descriptor changed = read(HARVEST + "analysis:\n  fidelity:\n    windows: 16\n");
    assertThat(DescriptorHash.of(changed)).isNotEqualTo(plain);
    Descriptor back = DescriptorReader.read(Descriptors.write(tmp, "resolved.yaml",
        DescriptorHash.resolvedYaml(changed)));
    assertThat(back.analyses()).isEqualTo(changed.analyses());
    assertThat(DescriptorHash.resolvedYaml(changed)).contains("analysis:\n  fidelity:\n    windows: 16\n");
  }

  @Test
  void search_steering_and_attribution_settings_read_back_from_the_resolved_descriptor() throws Exception {
    Descriptors.write(tmp, "prompts.txt", "# concepts of the sea\nthe whale\n\nthe harpoon\n");
    Descriptor d = read(HARVEST + """
        analysis:
          search:
            prompts: "the sea"
            promptsFile: prompts.txt
            concepts:
              sea: {with: [the ship, the ocean], without: [the tax]}
          steering:
            features: [3, 7]
            prompts: [the market]
            multipliers: [-1.5, 2]
          attribution:
            prompts: [the whale]
            target: a ship
        goals:
          analysis.attribution.pearson: ">= 0.7"
        """);
    assertThat(d.analyses(Stage.ANALYZE)).extracting(AnalysisSpec::name)
        .containsExactly("search", "steering", "attribution");
    assertThat(d.analyses(Stage.ANALYZE).getFirst().settings().resolved().get("prompts"))
        .isEqualTo(java.util.List.of("the sea", "the whale", "the harpoon"));
    assertThat(d.goals().getFirst().info().label()).isEqualTo("attribution-ablation Pearson correlation");
    Descriptor back = DescriptorReader.read(Descriptors.write(tmp, "resolved.yaml", DescriptorHash.resolvedYaml(d)));
    assertThat(back.analyses()).isEqualTo(d.analyses());
    assertThat(DescriptorHash.of(back.at(d.file()))).isEqualTo(DescriptorHash.of(d));

    Descriptor byConcepts = read(HARVEST + """
        analysis:
          search:
            concepts:
              sea: {with: [the ship], without: [the tax]}
          steering:
            concepts:
              sea: {with: [the ship], without: [the tax]}
            prompts: [the market]
        """);
    Descriptor again = DescriptorReader.read(Descriptors.write(tmp, "resolved.yaml",
        DescriptorHash.resolvedYaml(byConcepts)));
    assertThat(again.analyses()).isEqualTo(byConcepts.analyses());
  }

  @Test
  void bad_analysis_settings_are_rejected_at_their_lines() {
    DescriptorException empty = reject(HARVEST + "analysis:\n  search:\n");
    assertThat(empty.keyPath()).isEqualTo("analysis.search");
    assertThat(empty.problem()).isEqualTo("search has nothing to search for");
    DescriptorException zero = reject(HARVEST + "analysis:\n  steering:\n    features: [1]\n    prompts: [x]\n"
        + "    multipliers:\n      - -2\n      - 0\n");
    assertThat(zero.keyPath()).isEqualTo("analysis.steering.multipliers[1]");
    assertThat(zero.line()).isEqualTo(20);
    assertThat(zero.problem()).isEqualTo("multiplier 0 is not allowed");
    DescriptorException fraction = reject(HARVEST + "analysis:\n  steering:\n    features: [1.5]\n");
    assertThat(fraction.keyPath()).isEqualTo("analysis.steering.features[0]");
    DescriptorException target = reject(HARVEST + "analysis:\n  attribution:\n    prompts: [x]\n");
    assertThat(target.keyPath()).isEqualTo("analysis.attribution.target");
    assertThat(target.problem()).isEqualTo("missing required key");
    DescriptorException file = reject(HARVEST + "analysis:\n  search:\n    promptsFile: nope.txt\n");
    assertThat(file.keyPath()).isEqualTo("analysis.search.promptsFile");
    assertThat(file.problem()).contains("nope.txt cannot be read");
    DescriptorException synthetic = reject(Descriptors.BASE + "analysis:\n  attribution:\n    prompts: [x]\n");
    assertThat(synthetic.problem()).isEqualTo("analysis attribution needs data.source harvest (here data.source is "
        + "synthetic)");
    DescriptorException metric = reject(HARVEST + "analysis:\n  attribution: {prompts: [x], target: y}\n"
        + "goals:\n  analysis.attribution.pearsn: \">= 0.7\"\n");
    assertThat(metric.allowed()).startsWith("did you mean analysis.attribution.pearson?");
  }
}
