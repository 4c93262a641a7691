package org.sae4j.sweep.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fits recover known exponents from synthetic points with noise, inside their bootstrap intervals, and the
 * intervals are tight enough to mean something.
 */
class SweepFitsTest {
  private static final int DIM = 64;

  @Test
  void grid_frontier_recovers_alpha_and_the_optimal_size_exponent() {
    // a frontier with alpha 0.3 along which N grows as C^0.6 (D as C^0.4), with dominated points beside it
    SplittableRandom random = new SplittableRandom(11);
    List<FitPoint> points = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      double c = Math.pow(10, 10 + 0.4 * i);
      int n = (int) Math.round(2e-4 * Math.pow(c, 0.6));
      long d = Math.round(c / (6.0 * DIM * n));
      double loss = 30 * Math.pow(c, -0.3) * Math.exp(0.02 * PowerLawFitterTest.gaussian(random));
      points.add(new FitPoint("f" + i, 6.0 * DIM * n * d, loss, n, d, 1e-3, null, true));
      points.add(new FitPoint("g" + i, 6.0 * DIM * n * d * 1.5, loss * 1.3, n, d, 1e-3, null, true));
    }
    SweepFits fits = SweepFits.of(points, false, DIM, 1000, 1);

    assertThat(fits.frontierIds()).allMatch(id -> id.startsWith("f"));
    assertRecovers(fits.frontier(), 0.3, 0.03, 0.15);
    assertThat(fits.frontier().r2()).isGreaterThan(0.98);
    assertRecovers(fits.features(), 0.6, 0.05, 0.3);
    assertRecovers(fits.tokens(), 0.4, 0.05, 0.3);
  }

  @Test
  void isoflop_minima_recover_beta_and_lr_scans_recover_delta() {
    SplittableRandom random = new SplittableRandom(5);
    List<FitPoint> points = new ArrayList<>();
    double[] budgets = {1e11, 1e12, 1e13, 1e14};
    int[] sizes = {16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192};
    for (double c : budgets) {
      double best = 2e-4 * Math.pow(c, 0.5); // N* = 2e-4·C^0.5
      double floor = 20 * Math.pow(c, -0.2);
      for (int n : sizes) {
        double t = Math.log(n / best);
        double loss = floor * (1 + 0.05 * t * t) * Math.exp(0.002 * PowerLawFitterTest.gaussian(random));
        long d = Math.round(c / (6.0 * DIM * n));
        points.add(new FitPoint("c" + c + "n" + n, c, loss, n, d, 1e-3, c, true));
      }
      double lrBest = 0.5 * Math.pow(c, -0.25); // lr* = 0.5·C^-0.25
      for (int k = -2; k <= 2; k++) {
        double lr = lrBest * Math.exp(0.7 * k + 0.2);
        double t = Math.log(lr / lrBest);
        double loss = 3 * floor * (1 + 0.1 * t * t) * Math.exp(0.002 * PowerLawFitterTest.gaussian(random));
        long d = Math.round(c / (6.0 * DIM * 48));
        points.add(new FitPoint("c" + c + "lr" + k, 6.0 * DIM * 48 * d, loss, 48, d, lr, null, false));
      }
    }
    SweepFits fits = SweepFits.of(points, true, DIM, 1000, 3);

    assertThat(fits.sizeOptima()).hasSize(4).allMatch(Optimum::interior);
    // each resample refits the parabola through a budget's resampled minimum and its neighbours: sizes 2x apart make
    // the resampled optima coarse, so the interval is a few tenths wide
    assertRecovers(fits.features(), 0.5, 0.03, 0.3);
    assertRecovers(fits.tokens(), 0.5, 0.03, 0.3);
    assertThat(fits.lrOptima()).hasSize(4).allMatch(Optimum::interior);
    // five rates per scan resampled with replacement: a wide interval, but one that excludes 0 (lr* falls with C)
    assertRecovers(fits.lr(), -0.25, 0.03, 0.3);
    assertThat(fits.lr().exponentHigh()).isNegative();
  }

  @Test
  void a_missing_fit_says_why() {
    List<FitPoint> one = List.of(new FitPoint("a", 1e10, 2, 64, 1000, 1e-3, null, true),
        new FitPoint("b", 1e10, 3, 64, 1000, 1e-3, null, true));
    SweepFits fits = SweepFits.of(one, false, DIM, 200, 1);
    assertThat(fits.frontier()).isNull();
    assertThat(fits.lr()).isNull();
    assertThat(fits.notes()).anyMatch(n -> n.startsWith("frontier: 1 frontier point"))
        .anyMatch(n -> n.startsWith("lr: 0 learning-rate scan"));
  }

  private static void assertRecovers(Fit fit, double truth, double tolerance, double maxWidth) {
    assertThat(fit).isNotNull();
    assertThat(fit.exponent()).isCloseTo(truth, within(tolerance));
    assertThat(fit.exponentLow()).isNotNull();
    assertThat(truth).isBetween(fit.exponentLow(), fit.exponentHigh());
    assertThat(fit.exponentHigh() - fit.exponentLow()).isLessThan(maxWidth);
  }
}
