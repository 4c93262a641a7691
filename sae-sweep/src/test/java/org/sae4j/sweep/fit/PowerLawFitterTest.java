package org.sae4j.sweep.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PowerLawFitterTest {

  @Test
  void recovers_an_exact_power_law() {
    double[] c = {1e9, 1e10, 1e11, 1e12};
    double[] l = new double[c.length];
    for (int i = 0; i < c.length; i++) {
      l[i] = 40 * Math.pow(c[i], -0.2);
    }
    PowerLaw law = PowerLawFitter.choose(c, l);
    assertThat(law.exponent()).isCloseTo(-0.2, within(1e-12));
    assertThat(law.coefficient()).isCloseTo(40, within(1e-9));
    assertThat(law.r2()).isCloseTo(1, within(1e-12));
    assertThat(law.parameters()).isEqualTo(2);
  }

  @Test
  void keeps_a_floor_only_where_the_aicc_prefers_it() {
    SplittableRandom random = new SplittableRandom(7);
    double[] c = new double[10];
    double[] floored = new double[10];
    double[] pure = new double[10];
    for (int i = 0; i < c.length; i++) {
      c[i] = Math.pow(10, 8 + 0.5 * i);
      double noise = Math.exp(0.003 * gaussian(random));
      floored[i] = (0.8 + 50 * Math.pow(c[i], -0.25)) * noise;
      pure[i] = 50 * Math.pow(c[i], -0.25) * noise;
    }
    PowerLaw withFloor = PowerLawFitter.choose(c, floored);
    assertThat(withFloor.parameters()).isEqualTo(3);
    assertThat(withFloor.asymptote()).isCloseTo(0.8, within(0.05));
    assertThat(withFloor.exponent()).isCloseTo(-0.25, within(0.02));
    assertThat(PowerLawFitter.choose(c, pure).parameters()).isEqualTo(2);
  }

  @Test
  void an_asymptote_fit_never_does_worse_than_no_floor() {
    double[] c = {1e9, 3e9, 1e10, 3e10, 1e11, 3e11};
    double[] l = {5.1, 4.0, 3.2, 2.7, 2.2, 1.95};
    assertThat(PowerLawFitter.withAsymptote(c, l).sse()).isLessThanOrEqualTo(PowerLawFitter.pure(c, l).sse());
  }

  static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
