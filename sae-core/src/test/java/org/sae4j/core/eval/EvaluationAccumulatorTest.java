package org.sae4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sae4j.kernels.SparseCodes;

class EvaluationAccumulatorTest {

  private static float[] gaussian(SplittableRandom rnd, int count, double offset, double scale) {
    float[] a = new float[count];
    for (int i = 0; i < count; i++) {
      a[i] = (float) (offset + scale * rnd.nextGaussian());
    }
    return a;
  }

  private static SparseCodes emptyCodes(int rows) {
    SparseCodes c = new SparseCodes();
    c.reset(rows);
    for (int r = 0; r < rows; r++) {
      c.endRow();
    }
    return c;
  }

  /** Adds rows [from, to) of x and xHat with empty codes. */
  private static void addSlice(EvaluationAccumulator acc, float[] x, float[] xHat, int dim, int from, int to) {
    float[] a = Arrays.copyOfRange(x, from * dim, to * dim);
    float[] b = Arrays.copyOfRange(xHat, from * dim, to * dim);
    acc.add(a, b, to - from, emptyCodes(to - from));
  }

  private static EvaluationAccumulator accumulator(int dim, int features) {
    double[] norms = new double[features];
    Arrays.fill(norms, 1);
    return new EvaluationAccumulator(dim, features, norms);
  }

  @Test
  void perfect_reconstruction_explains_all_variance_without_shrinkage() {
    int dim = 7;
    int rows = 50;
    float[] x = gaussian(new SplittableRandom(1), rows * dim, 0.3, 2);
    EvaluationAccumulator acc = accumulator(dim, 3);
    addSlice(acc, x, x, dim, 0, 17);
    addSlice(acc, x, x, dim, 17, rows);

    EvaluationResult r = acc.result();
    assertThat(r.tokens()).isEqualTo(rows);
    assertThat(r.mse()).isZero();
    assertThat(r.varianceExplained()).isEqualTo(1.0);
    assertThat(r.shrinkage()).isEqualTo(1.0);
  }

  @Test
  void predicting_the_mean_explains_no_variance() {
    int dim = 5;
    int rows = 301;
    float[] x = gaussian(new SplittableRandom(2), rows * dim, -1.5, 3);
    double[] mu = new double[dim];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < dim; j++) {
        mu[j] += x[r * dim + j];
      }
    }
    float[] xHat = new float[rows * dim];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < dim; j++) {
        xHat[r * dim + j] = (float) (mu[j] / rows);
      }
    }
    EvaluationAccumulator acc = accumulator(dim, 2);
    addSlice(acc, x, xHat, dim, 0, 1);
    addSlice(acc, x, xHat, dim, 1, 200);
    addSlice(acc, x, xHat, dim, 200, rows);

    assertThat(acc.result().varianceExplained()).isCloseTo(0.0, within(1e-9));
  }

  @Test
  void halving_the_input_gives_shrinkage_one_half_and_a_quarter_of_the_mean_square() {
    int dim = 6;
    int rows = 40;
    float[] x = gaussian(new SplittableRandom(3), rows * dim, 0.7, 1.3);
    float[] xHat = new float[x.length];
    double sumSquares = 0;
    for (int i = 0; i < x.length; i++) {
      xHat[i] = 0.5f * x[i];
      sumSquares += (double) x[i] * x[i];
    }
    EvaluationAccumulator acc = accumulator(dim, 4);
    addSlice(acc, x, xHat, dim, 0, rows);

    EvaluationResult r = acc.result();
    assertThat(r.shrinkage()).isCloseTo(0.5, within(1e-15));
    assertThat(r.mse()).isCloseTo(0.25 * sumSquares / rows, within(1e-12 * sumSquares / rows));
  }

  @Test
  void hand_computed_three_token_example_gives_every_metric() {
    float[] x = {1, 2, 3, 0, -1, 1};
    float[] xHat = {1, 1, 2, 0, 0, 1};
    SparseCodes codes = new SparseCodes();
    codes.reset(3);
    codes.add(0, 1f);
    codes.add(2, 2f);
    codes.endRow();
    codes.add(2, 4f);
    codes.endRow();
    codes.add(3, 0f); // present but zero: not active
    codes.endRow();
    EvaluationAccumulator acc = new EvaluationAccumulator(2, 4, new double[] {1, 2, 0.5, 3});
    acc.add(x, xHat, 3, codes);

    EvaluationResult r = acc.result();
    // errors (0,1), (1,0), (-1,0): SSE 3; mean (1,1): Σ‖x−μ‖² = 1 + 5 + 4 = 10
    assertThat(r.mse()).isCloseTo(1.0, within(1e-15));
    assertThat(r.varianceExplained()).isCloseTo(0.7, within(1e-15));
    // Σ‖x̂‖² = 2 + 4 + 1 = 7, Σ⟨x, x̂⟩ = 3 + 6 + 1 = 10
    assertThat(r.shrinkage()).isCloseTo(0.7, within(1e-15));
    assertThat(r.l0()).isCloseTo(1.0, within(1e-15));
    // (1·1 + 2·0.5 + 4·0.5) / 3
    assertThat(r.l1()).isCloseTo(4.0 / 3, within(1e-15));
    assertThat(r.featureFireCounts()).containsExactly(1, 0, 2, 0);
    assertThat(r.deadFraction()).isEqualTo(0.5);
    // both firing features are active on more than 10 % of 3 tokens
    assertThat(r.denseFraction()).isEqualTo(0.5);
  }

  @Test
  void variance_explained_stays_accurate_with_a_large_mean_offset() {
    int dim = 8;
    int rows = 3000;
    SplittableRandom rnd = new SplittableRandom(4);
    float[] x = gaussian(rnd, rows * dim, 1e4, 0.1);
    float[] xHat = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      xHat[i] = x[i] + (float) (0.03 * rnd.nextGaussian());
    }
    EvaluationAccumulator acc = accumulator(dim, 1);
    for (int from = 0; from < rows; from += 512) {
      addSlice(acc, x, xHat, dim, from, Math.min(rows, from + 512));
    }

    assertThat(acc.result().varianceExplained())
        .isCloseTo(exactVarianceExplained(x, xHat, rows, dim), within(1e-9));
  }

  /** FVE from the float inputs in exact decimal arithmetic (only the final division rounds). */
  private static double exactVarianceExplained(float[] x, float[] xHat, int rows, int dim) {
    BigDecimal error = BigDecimal.ZERO;
    for (int i = 0; i < x.length; i++) {
      BigDecimal d = new BigDecimal(x[i]).subtract(new BigDecimal(xHat[i]));
      error = error.add(d.multiply(d));
    }
    BigDecimal spread = BigDecimal.ZERO;
    BigDecimal n = BigDecimal.valueOf(rows);
    for (int j = 0; j < dim; j++) {
      BigDecimal sum = BigDecimal.ZERO;
      BigDecimal sumSquares = BigDecimal.ZERO;
      for (int r = 0; r < rows; r++) {
        BigDecimal v = new BigDecimal(x[r * dim + j]);
        sum = sum.add(v);
        sumSquares = sumSquares.add(v.multiply(v));
      }
      // Σ(x−μ)² = Σx² − (Σx)²/N, exact up to the 60-digit division
      spread = spread.add(sumSquares.subtract(sum.multiply(sum).divide(n, new MathContext(60))));
    }
    return 1 - error.divide(spread, new MathContext(40)).doubleValue();
  }

  @Test
  void counts_l0_l1_dead_and_dense_features_on_hand_built_codes() {
    int tokens = 20;
    int dim = 2;
    SparseCodes codes = new SparseCodes();
    codes.reset(tokens);
    for (int t = 0; t < tokens; t++) {
      if (t < 2) {
        codes.add(0, 0.5f); // 2 of 20 = exactly 10 %: not dense
      }
      if (t % 7 == 0) {
        codes.add(1, 2f); // t = 0, 7, 14: 15 %, dense
      }
      if (t == 19) {
        codes.add(3, 1.5f);
      }
      codes.endRow();
    }
    float[] x = gaussian(new SplittableRandom(5), tokens * dim, 0, 1);
    EvaluationAccumulator acc = new EvaluationAccumulator(dim, 4, new double[] {2, 0.25, 7, 1});
    acc.add(x, x, tokens, codes);

    EvaluationResult r = acc.result();
    assertThat(r.l0()).isCloseTo(6.0 / 20, within(1e-15));
    assertThat(r.l1()).isCloseTo((2 * 0.5 * 2 + 3 * 2 * 0.25 + 1.5) / 20, within(1e-15));
    assertThat(r.featureFireCounts()).containsExactly(2, 3, 0, 1);
    assertThat(r.deadFraction()).isEqualTo(0.25);
    assertThat(r.denseFraction()).isEqualTo(0.25);
    assertThat(r.density().dead()).isEqualTo(1);
    assertThat(Arrays.stream(r.density().counts()).sum()).isEqualTo(3);
  }

  @Test
  void splitting_the_data_into_batches_changes_results_only_by_rounding() {
    int dim = 4;
    int rows = 257;
    SplittableRandom rnd = new SplittableRandom(6);
    float[] x = gaussian(rnd, rows * dim, 50, 2);
    float[] xHat = gaussian(rnd, rows * dim, 50, 2);
    EvaluationAccumulator whole = accumulator(dim, 1);
    addSlice(whole, x, xHat, dim, 0, rows);
    EvaluationAccumulator parts = accumulator(dim, 1);
    for (int from = 0; from < rows; from += 10) {
      addSlice(parts, x, xHat, dim, from, Math.min(rows, from + 10));
    }

    EvaluationResult a = whole.result();
    EvaluationResult b = parts.result();
    assertThat(b.varianceExplained()).isCloseTo(a.varianceExplained(), within(1e-12));
    assertThat(b.mse()).isCloseTo(a.mse(), within(1e-12 * a.mse()));
    assertThat(b.shrinkage()).isCloseTo(a.shrinkage(), within(1e-12));
  }

  @Test
  void rejects_codes_for_a_different_number_of_rows() {
    EvaluationAccumulator acc = accumulator(2, 2);
    assertThatThrownBy(() -> acc.add(new float[4], new float[4], 2, emptyCodes(3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("codes hold 3 rows, expected 2");
  }

  @Test
  void rejects_arrays_shorter_than_rows_times_dim() {
    EvaluationAccumulator acc = accumulator(3, 2);
    assertThatThrownBy(() -> acc.add(new float[6], new float[5], 2, emptyCodes(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("xHat.length=5");
  }

  @Test
  void rejects_a_feature_index_outside_the_dictionary() {
    SparseCodes codes = new SparseCodes();
    codes.reset(1);
    codes.add(5, 1f);
    codes.endRow();
    EvaluationAccumulator acc = accumulator(1, 2);
    assertThatThrownBy(() -> acc.add(new float[1], new float[1], 1, codes))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("feature 5");
  }

  @Test
  void result_without_tokens_is_an_error() {
    assertThatThrownBy(() -> accumulator(2, 2).result()).isInstanceOf(IllegalStateException.class);
  }
}
