package org.sae4j.core.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code training.tokens}: a cap on the training tokens that keeps the data section, and so the data set. */
class TrainingTokensTest {
  @TempDir
  Path dir;

  private Descriptor read(String extra) throws DescriptorException {
    return DescriptorReader.read(Descriptors.write(dir, "d.yaml", Descriptors.BASE + extra));
  }

  @Test
  void caps_training_without_changing_the_data_set() throws Exception {
    Descriptor all = read("");
    Descriptor capped = read("  tokens: 40960\n");
    assertThat(all.training().tokens()).isEqualTo(TrainingSpec.ALL_TOKENS);
    assertThat(capped.training().trainTokens(90_000)).isEqualTo(40_960);
    assertThat(all.training().trainTokens(90_000)).isEqualTo(90_000);
    assertThat(DescriptorHash.ofData(capped)).isEqualTo(DescriptorHash.ofData(all));
    assertThat(DescriptorHash.of(capped)).isNotEqualTo(DescriptorHash.of(all));
    assertThat(DescriptorHash.resolvedYaml(all)).doesNotContain("tokens: \"90000\"");
  }

  @Test
  void rejects_less_than_a_batch_and_more_than_the_data_set_holds() {
    DescriptorException small = assertThrows(DescriptorException.class, () -> read("  tokens: 1000\n"));
    assertThat(small.keyPath()).isEqualTo("training.tokens");
    assertThat(small.line()).isEqualTo(12);
    assertThat(small.getMessage()).contains("1000 is less than one batch of 1024");
    DescriptorException large = assertThrows(DescriptorException.class, () -> read("  tokens: 95000\n"));
    assertThat(large.keyPath()).isEqualTo("training.tokens");
    assertThat(large.getMessage()).contains("95000 is more than the 90000 training tokens of the data set");
  }
}
