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
  void one_slowed_point_does_not_throw_the_eta_off_and_two_points_give_no_slope() {
    // the first two points as sweep-minilm measured them on a loaded machine: the second one three times slower
    long total = 7_200_000_000L;
    SweepProgress p = new SweepProgress("s", 22, 0, total, 1);
    p.finished("a", 16_777_216, 61);
    // no slope from two points: the 20 left cost the mean so far, (61 + 189) / 2 s each
    assertThat(p.finished("b", 33_554_432, 189)).endsWith("| ETA 41:40");
    // from three on, the median slope: the slowed point is one of three pairs' ends, not the whole estimate
    p.finished("c", 67_108_864, 65);
    String line = p.finished("d", 134_217_728, 72);
    // slopes (ns/unit): a-b 7629, a-c 79.5, a-d 93.7, b-c -3695, b-d -1162, c-d 104.3 -> b = (79.5 + 93.7) / 2;
    // a = median(seconds - b·work) = 60.0 s for each of 18 points, + b·(7.2e9 - 251.7e6) = 602 s: 1681 s
    assertThat(line).endsWith("| ETA 28:01");
  }

  @Test
  void points_of_one_isoflop_budget_give_no_slope() {
    // one budget's sizes: m·tokens equal up to the rounding of tokens to whole batches, times differing by noise
    SweepProgress p = new SweepProgress("s", 10, 0, 4_000_000 + 7 * 1_000_000, 1);
    p.finished("a", 1_000_000, 4);
    p.finished("b", 999_424, 5);
    // slopes between these would be -1 s per 576 units and +3 s per 1152 (hours for the rest); 7 left at 17/3 s each
    assertThat(p.finished("c", 1_000_576, 8)).endsWith("| ETA 0:40");
  }

  @Test
  void points_trained_at_once_divide_the_time_left() {
    SweepProgress p = new SweepProgress("s", 3, 0, 300, 3);
    assertThat(p.finished("a", 100, 90)).endsWith("| ETA 1:00");
  }
}
