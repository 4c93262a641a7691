package org.sae4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sae4j.kernels.Gaussian;
import org.sae4j.kernels.SaeParameters;

/** The float64 oracle itself is checked against central finite differences of its own loss. */
class Float64StepTest {

  @Test
  void gradient_matches_central_finite_differences() {
    int n = 6;
    int m = 10;
    int rows = 8;
    double lambda = 0.7;
    SaeParameters p = Fixtures.randomParameters(n, m, 11);
    SplittableRandom r = new SplittableRandom(12);
    float[] x = Gaussian.floats(r, rows * n, 1.0);
    Float64Step.Tensors at = Float64Step.Tensors.of(p);
    Float64Step.Evaluation e = Float64Step.evaluate(at, n, m, x, rows, lambda);
    assertThat(e.l0()).as("some but not all features fire").isBetween(1.0, m - 1.0);
    double[][] params = at.all();
    double[][] grads = e.gradient().all();
    double h = 1e-6;
    int checked = 0;
    for (int t = 0; t < params.length; t++) {
      for (int k = 0; k < params[t].length; k++) {
        double keep = params[t][k];
        params[t][k] = keep + h;
        double up = Float64Step.evaluate(at, n, m, x, rows, lambda).loss();
        params[t][k] = keep - h;
        double down = Float64Step.evaluate(at, n, m, x, rows, lambda).loss();
        params[t][k] = keep;
        double numeric = (up - down) / (2 * h);
        assertThat(grads[t][k]).as("gradient of tensor %d at %d", t, k)
            .isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-6 + 1e-5 * Math.abs(numeric)));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(2 * n * m + m + n);
  }
}
