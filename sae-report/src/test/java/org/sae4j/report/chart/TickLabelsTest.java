package org.sae4j.report.chart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TickLabelsTest {

  @Test
  void plainInTheMiddleScientificAtTheEnds() {
    assertThat(TickLabels.label(0)).isEqualTo("0");
    assertThat(TickLabels.label(0.25)).isEqualTo("0.25");
    assertThat(TickLabels.label(1500)).isEqualTo("1500");
    assertThat(TickLabels.label(-2.5)).isEqualTo("-2.5");
    assertThat(TickLabels.label(1_800_000)).isEqualTo("1.8e6");
    assertThat(TickLabels.label(1e6)).isEqualTo("1e6");
    assertThat(TickLabels.label(3e-5)).isEqualTo("3e-5");
    assertThat(TickLabels.label(0.1 + 0.2)).isEqualTo("0.3");
  }
}
