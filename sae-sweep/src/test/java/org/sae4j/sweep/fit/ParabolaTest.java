package org.sae4j.sweep.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ParabolaTest {

  @Test
  void finds_the_vertex_of_a_parabola_in_log_x() {
    double[] x = {1e-4, 3e-4, 1e-3, 3e-3, 1e-2};
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double t = Math.log(x[i]) - Math.log(2e-3);
      y[i] = 1.5 + 0.3 * t * t;
    }
    Parabola.Minimum m = Parabola.minimum(x, y);
    assertThat(m.interior()).isTrue();
    assertThat(m.x()).isCloseTo(2e-3, within(1e-9));
    assertThat(m.y()).isCloseTo(1.5, within(1e-9));
  }

  @Test
  void points_far_from_the_minimum_do_not_bend_the_fit() {
    double[] x = {1e-6, 1e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 1e-1, 1};
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double t = Math.log(x[i]) - Math.log(2e-3);
      y[i] = 1.5 + 0.3 * t * t + (i == 0 || i == x.length - 1 ? 50 : 0);
    }
    Parabola.Minimum m = Parabola.minimum(x, y);
    assertThat(m.interior()).isTrue();
    assertThat(m.x()).isCloseTo(2e-3, within(1e-9));
  }

  @Test
  void an_optimum_beyond_the_range_tried_is_the_best_measured_point_and_says_so() {
    Parabola.Minimum falling = Parabola.minimum(new double[] {1, 2, 4, 8}, new double[] {4, 3, 2.2, 2.0});
    assertThat(falling.interior()).isFalse();
    assertThat(falling.x()).isEqualTo(8);
    Parabola.Minimum two = Parabola.minimum(new double[] {1, 2}, new double[] {3, 4});
    assertThat(two.interior()).isFalse();
    assertThat(two.x()).isEqualTo(1);
  }
}
