package org.sae4j.core.analysis.neurons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sae4j.kernels.SparseCodes;

class NeuronCorrelationsTest {
  private static final UnitLayout LAYOUT = new UnitLayout(List.of(
      new UnitLayout.Group("blocks.0.ffn", 70), new UnitLayout.Group("blocks.0.resid_post", 5)));
  private static final int UNITS = 75;
  private static final int FEATURES = 4;

  /**
   * Planted: feature 0 is 2.5 × unit 3 (a non-negative neuron, off on a third of the tokens); feature 1 is
   * 4 − unit 72 (correlation −1); feature 2 fires at random, independent of every unit; feature 3 never fires.
   */
  private static NeuronsResult planted(int threads, int batches) {
    SplittableRandom random = new SplittableRandom(7);
    try (NeuronCorrelations acc = new NeuronCorrelations(FEATURES, LAYOUT, 8, threads)) {
      for (int b = 0; b < batches; b++) {
        int rows = 100 + b;
        float[] units = new float[rows * UNITS];
        int[] tokens = new int[rows];
        SparseCodes codes = new SparseCodes();
        codes.reset(rows);
        for (int r = 0; r < rows; r++) {
          for (int j = 0; j < UNITS; j++) {
            units[r * UNITS + j] = (float) random.nextGaussian();
          }
          units[r * UNITS + 3] = random.nextInt(3) == 0 ? 0f : (float) random.nextDouble(0.1, 2);
          units[r * UNITS + 72] = (float) random.nextDouble(0, 3);
          tokens[r] = random.nextInt(50);
          if (units[r * UNITS + 3] > 0) {
            codes.add(0, 2.5f * units[r * UNITS + 3]);
          }
          codes.add(1, 4f - units[r * UNITS + 72]);
          if (random.nextInt(4) == 0) {
            codes.add(2, (float) random.nextDouble(0.5, 1.5));
          }
          codes.endRow();
        }
        acc.add(rows, codes, units, tokens);
      }
      return acc.result();
    }
  }

  @Test
  void aFeatureThatCopiesANeuronHasCorrelationOne() {
    NeuronsResult r = planted(1, 6);
    assertThat(r.bestUnit()[0]).isEqualTo(3);
    assertThat(r.bestCorrelation()[0]).isCloseTo(1.0, within(1e-9));
    assertThat(r.layout().name(r.bestUnit()[0])).isEqualTo("blocks.0.ffn[3]");
    // Anti-correlated counts by |corr|, and keeps its sign.
    assertThat(r.bestUnit()[1]).isEqualTo(72);
    assertThat(r.bestCorrelation()[1]).isCloseTo(-1.0, within(1e-9));
    assertThat(r.layout().name(72)).isEqualTo("blocks.0.resid_post[2]");
    // The independent feature's best neuron is a chance correlation, well below the 0.3 line.
    assertThat(Math.abs(r.bestCorrelation()[2])).isLessThan(0.3);
    // The dead feature is not compared.
    assertThat(r.bestUnit()[3]).isEqualTo(-1);
    assertThat(r.bestCorrelation()[3]).isNaN();
    assertThat(r.comparedFeatures()).isEqualTo(3);
    assertThat(r.featureShareAtMost(0.3)).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(r.featureHistogram(10)).containsExactly(1, 0, 0, 0, 0, 0, 0, 0, 0, 2);
    // The reverse direction: units 3 and 72 are explained by a feature, the other 73 are not.
    assertThat(r.unitBestFeature()[3]).isEqualTo(0);
    assertThat(r.unitBestFeature()[72]).isEqualTo(1);
    assertThat(r.unitShareAtMost(0.3)).isCloseTo(73.0 / 75, within(1e-12));
  }

  @Test
  void matchesATwoPassPearsonComputation() {
    // Feature 2 against unit 10, recomputed from the same stream with the textbook centred formula.
    SplittableRandom random = new SplittableRandom(11);
    int rows = 400;
    float[] units = new float[rows * UNITS];
    double[] f = new double[rows];
    SparseCodes codes = new SparseCodes();
    codes.reset(rows);
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < UNITS; j++) {
        units[r * UNITS + j] = (float) random.nextGaussian();
      }
      if (units[r * UNITS + 10] > 0.3) {
        f[r] = units[r * UNITS + 10] + random.nextDouble();
        codes.add(2, (float) f[r]);
        f[r] = (float) f[r];
      }
      codes.endRow();
    }
    double mf = 0;
    double mu = 0;
    for (int r = 0; r < rows; r++) {
      mf += f[r] / rows;
      mu += units[r * UNITS + 10] / (double) rows;
    }
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int r = 0; r < rows; r++) {
      double dx = f[r] - mf;
      double dy = units[r * UNITS + 10] - mu;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    try (NeuronCorrelations acc = new NeuronCorrelations(FEATURES, LAYOUT, 4, 1)) {
      acc.add(rows, codes, units, new int[rows]);
      NeuronsResult r = acc.result();
      assertThat(r.bestUnit()[2]).isEqualTo(10);
      assertThat(r.bestCorrelation()[2]).isCloseTo(sxy / Math.sqrt(sxx * syy), within(1e-10));
    }
  }

  @Test
  void sameBitsForAnyThreadCount() {
    NeuronsResult one = planted(1, 3);
    NeuronsResult three = planted(3, 3);
    assertThat(three.bestCorrelation()).containsExactly(one.bestCorrelation());
    assertThat(three.unitBestCorrelation()).containsExactly(one.unitBestCorrelation());
    assertThat(three.unitSpecificity()).containsExactly(one.unitSpecificity());
  }

  @Test
  void proxyIsTheShareOfTopTokensThatAreTheMostCommonOne() {
    UnitLayout one = new UnitLayout(List.of(new UnitLayout.Group("u", 2)));
    try (NeuronCorrelations acc = new NeuronCorrelations(1, one, 4, 1)) {
      // Feature 0 peaks on token 9 three times of four; unit 0 peaks on four different tokens; unit 1 is constant.
      float[] featureValues = {5, 4, 0.1f, 6, 3, 0.2f};
      int[] tokens = {9, 9, 1, 9, 2, 3};
      float[] unitValues = {0.1f, 0, 0.2f, 0, 3, 0, 4, 0, 5, 0, 6, 0};
      SparseCodes codes = new SparseCodes();
      codes.reset(6);
      for (float v : featureValues) {
        codes.add(0, v);
        codes.endRow();
      }
      acc.add(6, codes, unitValues, tokens);
      NeuronsResult r = acc.result();
      assertThat(r.featureSpecificity()[0]).isEqualTo(0.75);
      assertThat(r.unitSpecificity()[0]).isEqualTo(0.25);
      assertThat(r.unitBestCorrelation()[1]).isNaN();
    }
  }

  /**
   * Many features across several tiles and slot blocks: 150 features (three blocks of 64 slots) that first fire in an
   * order unrelated to their index, against 140 units (three tiles of 64, the last one partial), over two batches;
   * every feature's and unit's best correlation is the one a direct float64 Pearson computation over all pairs finds.
   */
  @Test
  void everyPairMatchesADirectComputationAcrossTilesAndSlotBlocks() {
    int features = 150;
    int units = 140;
    UnitLayout layout = new UnitLayout(List.of(new UnitLayout.Group("u", units)));
    SplittableRandom random = new SplittableRandom(5);
    int[] batchRows = {90, 110};
    int rows = batchRows[0] + batchRows[1];
    float[] unitValues = new float[rows * units];
    double[][] code = new double[rows][features];
    for (int k = 0; k < unitValues.length; k++) {
      unitValues[k] = (float) random.nextGaussian();
    }
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < features; i++) {
        // Feature i fires from row (149 - i) / 2 on, so high indices take the first slots; it follows unit i % units.
        if (r >= (features - 1 - i) / 2 && random.nextInt(3) > 0) {
          code[r][i] = (float) (Math.abs(unitValues[r * units + i % units]) + random.nextDouble(0.05, 0.5));
        }
      }
    }
    try (NeuronCorrelations acc = new NeuronCorrelations(features, layout, 3, 2)) {
      int first = 0;
      for (int n : batchRows) {
        SparseCodes codes = new SparseCodes();
        codes.reset(n);
        for (int r = first; r < first + n; r++) {
          for (int i = 0; i < features; i++) {
            if (code[r][i] > 0) {
              codes.add(i, (float) code[r][i]);
            }
          }
          codes.endRow();
        }
        acc.add(n, codes, java.util.Arrays.copyOfRange(unitValues, first * units, (first + n) * units), new int[n]);
        first += n;
      }
      NeuronsResult result = acc.result();
      double[] unitBest = new double[units];
      for (int i = 0; i < features; i++) {
        double best = 0;
        for (int j = 0; j < units; j++) {
          double[] x = new double[rows];
          double[] y = new double[rows];
          for (int r = 0; r < rows; r++) {
            x[r] = code[r][i];
            y[r] = unitValues[r * units + j];
          }
          double corr = pearson(x, y);
          best = Math.max(best, Math.abs(corr));
          unitBest[j] = Math.max(unitBest[j], Math.abs(corr));
        }
        assertThat(Math.abs(result.bestCorrelation()[i])).as("feature %d", i).isCloseTo(best, within(1e-9));
      }
      for (int j = 0; j < units; j++) {
        assertThat(Math.abs(result.unitBestCorrelation()[j])).as("unit %d", j).isCloseTo(unitBest[j], within(1e-9));
      }
    }
  }

  private static double pearson(double[] x, double[] y) {
    double mx = 0;
    double my = 0;
    for (int r = 0; r < x.length; r++) {
      mx += x[r] / x.length;
      my += y[r] / y.length;
    }
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int r = 0; r < x.length; r++) {
      sxy += (x[r] - mx) * (y[r] - my);
      sxx += (x[r] - mx) * (x[r] - mx);
      syy += (y[r] - my) * (y[r] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }
}
