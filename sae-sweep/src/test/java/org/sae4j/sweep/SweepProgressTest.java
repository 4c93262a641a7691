package org.sae4j.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ETA counts a per-point cost besides the cost per unit of compute. */
class SweepProgressTest {

  @Test
  void eta_fits_a_constant_per_point_plus_a_cost_per_unit_of_work() {
    // 5 points to run, 1 skipped; each costs 59 s plus 0.01 s per unit of work
    SweepProgress p = new SweepProgress("s", 6, 1, 100 + 200 + 400 + 300 + 500, 1);
    p.finished("a", 100, 60);
    p.finished("b", 200, 61);
    String line = p.finished("c", 400, 63);
    // left: two points of 800 units in all: 2·59 + 0.01·800 = 126 s
    assertThat(line).startsWith("sweep s: point c done | 4/6 points complete (1 skipped as already complete) | ")
        .contains("| 46.7% of the compute to run |").endsWith("| ETA 2:06");
  }

  @Test
  void points_trained_at_once_divide_the_time_left() {
    SweepProgress p = new SweepProgress("s", 3, 0, 300, 3);
    assertThat(p.finished("a", 100, 90)).endsWith("| ETA 1:00");
  }
}
