package org.sae4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jdk.incubator.vector.FloatVector;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class FmaPeakTest {

  @Test
  void measures_a_positive_rate_on_the_preferred_species() {
    FmaPeak.Result r = FmaPeak.measure(1);
    assertThat(r.gflops()).isPositive().isFinite();
    assertThat(r.threads()).isEqualTo(1);
    assertThat(r.lanes()).isEqualTo(FloatVector.SPECIES_PREFERRED.length());
  }

  @Test
  void floor_is_the_flops_at_the_peak_rate() {
    assertThat(new FmaPeak.Result(500, 2, 16).floorMillis(1e11)).isEqualTo(200.0);
  }

  @Test
  void chains_converge_to_their_finite_fixed_point() {
    // c ← 0.999 c + 0.001 tends to 1 from every start (float rounding stops it within 1e-4 of 1), so the sum of
    // the 16 chains' lanes approaches 16 × lanes, and stays finite: nothing overflows or goes subnormal.
    float lanes = FmaPeak.CHAINS * FloatVector.SPECIES_PREFERRED.length();
    assertThat(FmaPeak.chains(200_000, 3)).isCloseTo(lanes, Offset.offset(1e-4f * lanes));
  }

  @Test
  void rejects_a_thread_count_below_one() {
    assertThatThrownBy(() -> FmaPeak.measure(0)).hasMessage("threads must be >= 1, got 0");
  }
}
