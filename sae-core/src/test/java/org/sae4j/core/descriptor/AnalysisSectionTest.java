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
    assertThat(read(HARVEST).analyses()).extracting(AnalysisSpec::name).containsExactly("topContexts", "fidelity");
    assertThat(read(HARVEST).analyses(Stage.ANALYZE)).isEmpty();
    assertThat(read(Descriptors.BASE).analyses()).extracting(AnalysisSpec::name).containsExactly("featureRecovery");
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
}
