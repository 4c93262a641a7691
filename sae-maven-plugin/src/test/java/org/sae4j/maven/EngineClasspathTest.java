package org.sae4j.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.junit.jupiter.api.Test;

class EngineClasspathTest {

  private static Artifact artifact(String groupId, String artifactId, String file) {
    DefaultArtifact a = new DefaultArtifact(groupId, artifactId, "1.0", "runtime", "jar", null,
        new DefaultArtifactHandler("jar"));
    a.setFile(file == null ? null : new File(file));
    return a;
  }

  @Test
  void keeps_the_plugins_dependencies_in_order_without_the_plugin_jar() {
    List<Artifact> artifacts = List.of(
        artifact("org.sae4j", "sae-maven-plugin", "/m2/sae-maven-plugin.jar"),
        artifact("org.sae4j", "sae-core", "/m2/sae-core.jar"),
        artifact("org.apache.arrow", "arrow-vector", "/m2/arrow-vector.jar"),
        artifact("com.fasterxml.jackson.core", "jackson-databind", "/m2/jackson-databind.jar"));

    assertThat(AbstractForkMojo.engineClasspath(artifacts, "org.sae4j", "sae-maven-plugin")).containsExactly(
        Path.of("/m2/sae-core.jar"), Path.of("/m2/arrow-vector.jar"), Path.of("/m2/jackson-databind.jar"));
  }

  @Test
  void keeps_a_same_named_artifact_of_another_group_and_skips_unresolved_ones() {
    List<Artifact> artifacts = List.of(
        artifact("com.example", "sae-maven-plugin", "/m2/other.jar"),
        artifact("org.sae4j", "sae-core", null));

    assertThat(AbstractForkMojo.engineClasspath(artifacts, "org.sae4j", "sae-maven-plugin"))
        .containsExactly(Path.of("/m2/other.jar"));
  }
}
