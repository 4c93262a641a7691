package org.sae4j.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.junit.jupiter.api.Test;

class EngineClasspathTest {

  private static Artifact jar(String coordinates, String file) {
    return new DefaultArtifact(coordinates).setFile(file == null ? null : new File(file));
  }

  @Test
  void harvesting_resolves_the_engine_modules_with_everything_they_depend_on() {
    List<Dependency> roots = EngineClasspath.roots("org.sae4j", "1.2", true);

    assertThat(roots).extracting(d -> d.getArtifact().getArtifactId())
        .containsExactly("sae-core", "sae-report", "sae-sweep");
    assertThat(roots).allSatisfy(d -> {
      assertThat(d.getArtifact().getVersion()).isEqualTo("1.2");
      assertThat(d.getScope()).isEqualTo("runtime");
      assertThat(d.getExclusions()).isEmpty();
    });
  }

  @Test
  void without_harvest_the_harvest_module_is_cut_out_and_comes_back_alone() {
    List<Dependency> roots = EngineClasspath.roots("org.sae4j", "1.2", false);

    assertThat(roots).extracting(d -> d.getArtifact().getArtifactId())
        .containsExactly("sae-core", "sae-report", "sae-sweep", "model-harvest");
    assertThat(roots.subList(0, 3)).allSatisfy(d -> assertThat(d.getExclusions())
        .containsExactly(new Exclusion("org.sae4j", "model-harvest", "*", "*")));
    // its own classes (the model catalogue descriptors are checked against) without PyTorch, tokenizers or models
    assertThat(roots.get(3).getExclusions()).containsExactly(new Exclusion("*", "*", "*", "*"));
  }

  @Test
  void merges_the_plugins_own_dependencies_after_the_engines_each_artifact_once() {
    List<Artifact> engine = List.of(
        jar("org.sae4j:sae-core:1.2", "/m2/sae-core.jar"),
        jar("org.apache.arrow:arrow-vector:19.0.0", "/m2/arrow-vector.jar"),
        jar("org.example:unresolved:1", null));
    Map<String, Path> extra = new LinkedHashMap<>();
    extra.put(EngineClasspath.key("org.sae4j", "sae-core", ""), Path.of("/m2/other/sae-core.jar"));
    extra.put(EngineClasspath.key("org.sae4j", "sae-spark", ""), Path.of("/m2/sae-spark.jar"));

    assertThat(EngineClasspath.merge(engine, extra)).containsExactly(Path.of("/m2/sae-core.jar"),
        Path.of("/m2/arrow-vector.jar"), Path.of("/m2/sae-spark.jar"));
  }

  @Test
  void natives_of_one_artifact_differ_by_classifier() {
    assertThat(EngineClasspath.key("ai.djl.pytorch", "pytorch-native-cpu", "linux-x86_64"))
        .isNotEqualTo(EngineClasspath.key("ai.djl.pytorch", "pytorch-native-cpu", null));
  }
}
