package org.sae4j.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads answers as the engine's ResultFile writes them: Java properties, escapes and all. */
class EngineAnswerTest {

  @TempDir
  Path dir;

  private Path write(String... keysAndValues) throws IOException {
    Properties p = new Properties();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      p.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    Path file = dir.resolve("answer.properties");
    try (Writer w = Files.newBufferedWriter(file)) {
      p.store(w, "sae4j result");
    }
    return file;
  }

  @Test
  void a_description_says_what_the_goals_fork_needs() throws IOException {
    EngineAnswer a = EngineAnswer.read(write("kind", "experiment", "name", "quickstart", "runDirectory",
        "/p/target/sae/quickstart", "backend", "jvm", "data.source", "arrow", "harvest", "false", "analyze", "true"))
        .orElseThrow();

    assertThat(a.error()).isEmpty();
    assertThat(a.sweep()).isFalse();
    assertThat(a.name()).isEqualTo("quickstart");
    assertThat(a.runDirectory()).isEqualTo(Path.of("/p/target/sae/quickstart"));
    assertThat(a.backend()).isEqualTo("jvm");
    assertThat(a.dataSource()).isEqualTo("arrow");
    assertThat(a.harvest()).isFalse();
    assertThat(a.analyze()).isTrue();
  }

  @Test
  void an_invalid_descriptor_keeps_its_kind_and_the_message_with_its_colons() throws IOException {
    EngineAnswer a = EngineAnswer.read(write("kind", "sweep", "error",
        "invalid descriptor /p/s.yaml:5:3: data.model: unknown model 'x'")).orElseThrow();

    assertThat(a.sweep()).isTrue();
    assertThat(a.error()).hasValue("invalid descriptor /p/s.yaml:5:3: data.model: unknown model 'x'");
  }

  @Test
  void a_check_gives_the_table_and_the_missed_goals_in_order() throws IOException {
    EngineAnswer a = EngineAnswer.read(write("experiment", "q", "goals", "3", "table", "metric  goal\nl0  <= 5\n",
        "missed", "2", "missed.1", "q: L0 is 7", "missed.2", "q: dead is 0.5")).orElseThrow();

    assertThat(a.goals()).isEqualTo(3);
    assertThat(a.table()).isEqualTo("metric  goal\nl0  <= 5\n");
    assertThat(a.missed()).containsExactly("q: L0 is 7", "q: dead is 0.5");
  }

  @Test
  void no_file_or_an_empty_one_is_no_answer_and_a_missing_key_is_named() throws IOException {
    assertThat(EngineAnswer.read(dir.resolve("none.properties"))).isEmpty();
    assertThat(EngineAnswer.read(Files.createFile(dir.resolve("empty.properties")))).isEmpty();
    EngineAnswer partial = EngineAnswer.read(write("kind", "experiment")).orElseThrow();
    assertThatThrownBy(partial::name).hasMessageContaining("has no name");
  }
}
