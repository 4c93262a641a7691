package org.sae4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScheduleTest {

  private final Schedule schedule = new Schedule(100, 5e-5, 5.0, 0.2, 0.05);

  @Test
  void l1_rises_linearly_from_zero_over_the_warmup_then_stays() {
    assertThat(schedule.warmupSteps()).isEqualTo(5);
    assertThat(schedule.l1Coefficient(0)).isZero();
    assertThat(schedule.l1Coefficient(1)).isCloseTo(1.0, within(1e-12));
    assertThat(schedule.l1Coefficient(4)).isCloseTo(4.0, within(1e-12));
    assertThat(schedule.l1Coefficient(5)).isEqualTo(5.0);
    assertThat(schedule.l1Coefficient(99)).isEqualTo(5.0);
  }

  @Test
  void a_run_shorter_than_the_warmup_rounding_still_starts_at_zero() {
    for (long steps = 1; steps < 10; steps++) {
      Schedule shortRun = new Schedule(steps, 1e-3, 2.0, 0.2, 0.05);
      assertThat(shortRun.warmupSteps()).as(steps + " steps").isEqualTo(1);
      assertThat(shortRun.l1Coefficient(0)).as(steps + " steps").isZero();
      assertThat(shortRun.l1Coefficient(steps - 1)).isEqualTo(steps > 1 ? 2.0 : 0.0);
    }
    assertThat(new Schedule(10, 1e-3, 2.0, 0.2, 0.05).warmupSteps()).isEqualTo(1);
    assertThat(new Schedule(7421, 1e-3, 2.0, 0.2, 0.05).warmupSteps()).isEqualTo(371);
  }

  @Test
  void lr_is_constant_then_decays_linearly_to_zero_over_the_last_fifth() {
    assertThat(schedule.decaySteps()).isEqualTo(20);
    assertThat(schedule.learningRate(0)).isEqualTo(5e-5);
    assertThat(schedule.learningRate(79)).isEqualTo(5e-5);
    assertThat(schedule.learningRate(80)).isCloseTo(5e-5, within(1e-18));
    assertThat(schedule.learningRate(90)).isCloseTo(2.5e-5, within(1e-18));
    assertThat(schedule.learningRate(99)).isCloseTo(5e-5 / 20, within(1e-18));
    for (long s = 81; s < 100; s++) {
      assertThat(schedule.learningRate(s)).isLessThan(schedule.learningRate(s - 1));
    }
  }

  @Test
  void zero_fractions_mean_constant_schedules() {
    Schedule flat = new Schedule(10, 1e-3, 2.0, 0, 0);
    for (long s = 0; s < 10; s++) {
      assertThat(flat.learningRate(s)).isEqualTo(1e-3);
      assertThat(flat.l1Coefficient(s)).isEqualTo(2.0);
    }
  }

  @Test
  void rejects_fractions_outside_the_unit_interval() {
    assertThatThrownBy(() -> new Schedule(10, 1e-3, 1, 1.5, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lrDecayFraction=1.5");
  }
}
