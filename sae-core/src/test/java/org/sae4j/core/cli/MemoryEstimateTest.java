package org.sae4j.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryEstimateTest {
  private static final long MIB = 1L << 20;
  private static final long GIB = 1L << 30;

  @Test
  void sizes_the_papers_shape_term_by_term() {
    // n = 768, m = 16384, B = 4096: P = 2·768·16384 + 768 + 16384 = 25,182,976 floats.
    MemoryEstimate e = MemoryEstimate.of(768, 16384, 4096, 0);
    assertThat(e.state()).isEqualTo(3L * 25_182_976 * 4);
    assertThat(e.copies()).isEqualTo(e.state());
    // gradient P + packed encoder n·m + residual B·n floats, and B·m/2 active pairs at 40 bytes
    assertThat(e.workspace()).isEqualTo((25_182_976L + 768 * 16384 + 4096 * 768) * 4 + 4096L * 16384 / 2 * 40);
    // two batches and a mixing buffer of 64 batches, capped at 2^25 floats
    assertThat(e.batches()).isEqualTo((2L * 4096 * 768 + (1 << 25)) * 4);
    assertThat(e.data()).isZero();
    assertThat(e.total()).isEqualTo(2_538_034_176L);
    assertThat(e.suggestedXmx(GIB)).isEqualTo("-Xmx3g");
    assertThat(MemoryEstimate.size(e.total())).isEqualTo("2.4 GiB");
  }

  @Test
  void counts_the_planted_features_and_suggests_at_least_twice_the_heap_that_ran_out() {
    MemoryEstimate e = MemoryEstimate.of(64, 1024, 4096, 512 * 64);
    assertThat(e.data()).isEqualTo(512 * 64 * 4);
    assertThat(e.total()).isEqualTo(426_669_824L);
    assertThat(e.suggestedXmx(64 * MIB)).isEqualTo("-Xmx512m");
    assertThat(e.suggestedXmx(512 * MIB)).isEqualTo("-Xmx1g");
    assertThat(e.suggestedXmx(3 * GIB)).isEqualTo("-Xmx6g");
  }

  @Test
  void breakdown_names_every_term() {
    assertThat(MemoryEstimate.of(64, 1024, 4096, 512 * 64).breakdown()).isEqualTo("parameters and Adam moments 2 MiB "
        + "(3 × (2·n·m + n + m) floats), their copies 2 MiB, backend workspace 82 MiB, batches and reader buffers "
        + "66 MiB, planted features 1 MiB, JVM and libraries 256 MiB");
  }
}
