package org.sae4j.kernels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The SAE training step of {@link Backend}, written densely and directly in float64: the oracle that the
 * backends are tested against (public for the other backends' tests). Parameters and Adam moments are kept in
 * double. Under the TopK rule each row keeps its k largest positive pre-activations (found by sorting, ties to the
 * lower index), under BatchTopK the batch its B·k largest; under both the AuxK loss is added, over every row, as
 * soon as one feature is dead by the counts this class keeps itself, its pairs each row's auxK largest positive
 * pre-activations of dead features. Under JumpReLU log θ is a fifth parameter (in
 * {@link #parameters()} and the gradient), its gradient the straight-through estimator written out per pair, and the
 * penalty λ·L0 or λ·mean Σ_i tanh(c f_i ‖W_d,i‖) with its derivatives written out (tanh' = 1 − tanh²); with the
 * pre-activation loss, λ_P·mean Σ_{i dead} ReLU(θ_i − a_i) ‖W_d,i‖ over the features dead by the same counts, its
 * derivatives in a, θ and ‖W_d,i‖ written out.
 */
public final class ReferenceStep {

  final int n;
  final int m;
  final double[] encoderWeight;
  final double[] encoderBias;
  final double[] decoderWeight;
  final double[] decoderBias;
  private final double[][] first;
  private final double[][] second;
  private final OptimiserSettings settings;
  private final ActivationRule rule;
  private final int[] stepsSinceFired;
  /** BatchTopK: the pairs kept in the batch being evaluated, rows × m. */
  private boolean[] batchKept;
  private double threshold = Double.NaN;
  /** AuxK: a residual x̂ − x (rows × n) held fixed for the AuxK loss instead of this evaluation's; null for none. */
  private double[] auxTarget;
  /** JumpReLU: log θ per feature; null under other rules. */
  private final double[] logThreshold;
  private long step;

  public ReferenceStep(SaeParameters p, AdamState adam, OptimiserSettings settings) {
    this(p, adam, settings, ActivationRule.RELU);
  }

  public ReferenceStep(SaeParameters p, AdamState adam, OptimiserSettings settings, ActivationRule rule) {
    this.rule = rule;
    this.stepsSinceFired = new int[p.features()];
    this.n = p.inputDim();
    this.m = p.features();
    this.encoderWeight = toDouble(p.encoderWeight());
    this.encoderBias = toDouble(p.encoderBias());
    this.decoderWeight = toDouble(p.decoderWeight());
    this.decoderBias = toDouble(p.decoderBias());
    this.logThreshold = rule instanceof ActivationRule.JumpRelu j
        ? toDouble(LearnedThreshold.initial(m, j.initialThreshold()).logThreshold()) : null;
    this.first = withThreshold(all(adam.firstMoment()));
    this.second = withThreshold(all(adam.secondMoment()));
    this.settings = settings;
    this.step = adam.step();
  }

  /** Loss terms, the gradient in {@link #parameters()} order, and the forward pass of one batch. */
  public record Evaluation(double loss, double mse, double l1, double l0, double[][] gradient, double[] preActivation,
                    double[] reconstruction) {

    public double gradNorm() {
      double s = 0;
      for (double[] g : gradient) {
        for (double v : g) {
          s += v * v;
        }
      }
      return Math.sqrt(s);
    }
  }

  /** The parameters in a fixed order: W_e, b_e, W_d, b_d, and log θ under JumpReLU (live arrays). */
  public double[][] parameters() {
    return logThreshold == null ? new double[][] {encoderWeight, encoderBias, decoderWeight, decoderBias}
        : new double[][] {encoderWeight, encoderBias, decoderWeight, decoderBias, logThreshold};
  }

  /** Moments of the four weights, with zero moments of log θ appended under JumpReLU. */
  private double[][] withThreshold(double[][] moments) {
    return logThreshold == null ? moments : new double[][] {moments[0], moments[1], moments[2], moments[3],
        new double[m]};
  }

  /** JumpReLU: sets log θ and its moments, as a backend created with that state has them. */
  void learned(LearnedThreshold state) {
    for (int i = 0; i < m; i++) {
      logThreshold[i] = state.logThreshold()[i];
      first[4][i] = state.firstMoment()[i];
      second[4][i] = state.secondMoment()[i];
    }
  }

  /** θ_i = exp(log θ_i) in float64. */
  private double theta(int i) {
    return Math.exp(logThreshold[i]);
  }

  public Evaluation evaluate(float[] x, int rows, double lambda) {
    double[] pre = new double[rows * m];
    double[] recon = new double[rows * n];
    double[] norm = new double[m];
    for (int i = 0; i < m; i++) {
      double s = 0;
      for (int j = 0; j < n; j++) {
        s += decoderWeight[i * n + j] * decoderWeight[i * n + j];
      }
      norm[i] = Math.sqrt(s);
    }
    batchKept = rule instanceof ActivationRule.BatchTopK b ? keepBatch(x, rows, b.k()) : null;
    double squared = 0;
    double penalty = 0;
    double auxLoss = 0;
    int active = 0;
    boolean jump = logThreshold != null;
    // JumpReLU's L0 penalty has no gradient in a or W_d, and its tanh penalty is written out below: the L1 terms
    // get λ = 0.
    double normLambda = jump ? 0 : lambda;
    double c = jump ? ((ActivationRule.JumpRelu) rule).tanhScale() : 0;
    double tanhSum = 0;
    double[][] g = jump ? new double[][] {new double[m * n], new double[m], new double[m * n], new double[n],
        new double[m]} : new double[][] {new double[m * n], new double[m], new double[m * n], new double[n]};
    for (int t = 0; t < rows; t++) {
      double[] f = new double[m];
      for (int i = 0; i < m; i++) {
        double s = encoderBias[i];
        for (int j = 0; j < n; j++) {
          s += x[t * n + j] * encoderWeight[i * n + j];
        }
        pre[t * m + i] = s;
      }
      boolean[] kept = keep(pre, t * m, null);
      for (int i = 0; i < m; i++) {
        f[i] = kept[i] ? pre[t * m + i] : 0;
        if (f[i] > 0) {
          active++;
          penalty += f[i] * norm[i];
        }
      }
      double[] e = new double[n];
      for (int j = 0; j < n; j++) {
        double s = decoderBias[j];
        for (int i = 0; i < m; i++) {
          s += f[i] * decoderWeight[i * n + j];
        }
        recon[t * n + j] = s;
        e[j] = s - x[t * n + j];
        squared += e[j] * e[j];
        g[3][j] += 2.0 / rows * e[j];
      }
      for (int i = 0; i < m; i++) {
        double df = normLambda / rows * norm[i];
        // tanh penalty: d/df tanh(c f n) = c n (1 − τ²), d/dn = c f (1 − τ²); at f = 0 (below θ) the slope is c n.
        double tau = Math.tanh(c * f[i] * norm[i]);
        double slope = c * (1 - tau * tau);
        if (c > 0) {
          tanhSum += tau;
          df += lambda / rows * slope * norm[i];
        }
        for (int j = 0; j < n; j++) {
          df += 2.0 / rows * e[j] * decoderWeight[i * n + j];
          g[2][i * n + j] += 2.0 / rows * e[j] * f[i]
              + (norm[i] > 0 ? normLambda / rows * f[i] * decoderWeight[i * n + j] / norm[i] : 0)
              + (c > 0 && norm[i] > 0 ? lambda / rows * slope * f[i] * decoderWeight[i * n + j] / norm[i] : 0);
        }
        if (jump) {
          g[4][i] += thresholdTerm(pre[t * m + i], i, df, c > 0 ? 0 : lambda / rows);
        }
        if (kept[i]) {
          g[1][i] += df;
          for (int j = 0; j < n; j++) {
            g[0][i * n + j] += df * x[t * n + j];
          }
        }
      }
      auxLoss += auxTerms(x, t, rows, pre, e, g) + preActTerms(x, t, rows, pre, norm, g);
    }
    double mse = squared / rows;
    double l1 = penalty / rows;
    double l0 = (double) active / rows;
    double penaltyMean = !jump ? l1 : c > 0 ? tanhSum / rows : l0;
    return new Evaluation(mse + lambda * penaltyMean + auxLoss, mse, l1, l0, g, pre, recon);
  }

  /**
   * JumpReLU: pair (t, i)'s term of ∂L/∂log θ_i by the definition of the straight-through estimators: with
   * K(u) = [−½ &lt; u &lt; ½], ∂f/∂θ = −(θ/ε) K((a − θ)/ε) times ∂L/∂f, plus (L0 penalty) λ/B · ∂H/∂θ =
   * −(λ/B)(1/ε) K, times θ for the log.
   */
  private double thresholdTerm(double a, int i, double dLdf, double penaltyScale) {
    double eps = ((ActivationRule.JumpRelu) rule).bandwidth();
    double theta = theta(i);
    double u = (a - theta) / eps;
    if (!(u > -0.5 && u < 0.5)) {
      return 0;
    }
    return theta * (dLdf * (-theta / eps) + penaltyScale * (-1 / eps));
  }

  /**
   * Which features of the row at {@code pre[off..]} are kept: all positive ones (ReLU), those above θ (JumpReLU),
   * the batch's choice (BatchTopK), or the k largest positive ones (TopK); with {@code among} (AuxK, any selecting
   * rule) the auxK largest positive ones among those features. Ties go to the lower index.
   */
  private boolean[] keep(double[] pre, int off, boolean[] among) {
    if (batchKept != null && among == null) {
      return Arrays.copyOfRange(batchKept, off, off + m);
    }
    boolean[] kept = new boolean[m];
    List<Integer> positive = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      if (pre[off + i] > 0 && (among == null || among[i])) {
        positive.add(i);
      }
    }
    if (logThreshold != null) {
      for (int i = 0; i < m; i++) {
        kept[i] = pre[off + i] > theta(i);
      }
      return kept;
    }
    int limit = m;
    if (rule instanceof ActivationRule.Selecting selecting) {
      limit = among == null ? selecting.k() : selecting.aux().k();
      positive.sort(Comparator.comparingDouble((Integer i) -> -pre[off + i]).thenComparingInt(i -> i));
    }
    for (int q = 0; q < Math.min(limit, positive.size()); q++) {
      kept[positive.get(q)] = true;
    }
    return kept;
  }

  /** BatchTopK: the rows·k largest positive pre-activations of the batch, ties to the earlier row then feature. */
  private boolean[] keepBatch(float[] x, int rows, int k) {
    double[] pre = new double[rows * m];
    List<Integer> positive = new ArrayList<>();
    for (int t = 0; t < rows; t++) {
      for (int i = 0; i < m; i++) {
        double s = encoderBias[i];
        for (int j = 0; j < n; j++) {
          s += x[t * n + j] * encoderWeight[i * n + j];
        }
        pre[t * m + i] = s;
        if (s > 0) {
          positive.add(t * m + i);
        }
      }
    }
    positive.sort(Comparator.comparingDouble((Integer e) -> -pre[e]).thenComparingInt(e -> e));
    boolean[] kept = new boolean[rows * m];
    for (int q = 0; q < Math.min((long) rows * k, positive.size()); q++) {
      kept[positive.get(q)] = true;
    }
    return kept;
  }

  /** JumpReLU: log θ after the steps taken (live). */
  double[] logThreshold() {
    return logThreshold;
  }

  /** BatchTopK: the running threshold after the steps taken (NaN before the first). */
  double threshold() {
    return threshold;
  }

  /**
   * Dead features (a selecting rule with AuxK, JumpReLU with the pre-activation loss), or null when there are
   * none.
   */
  private boolean[] dead() {
    boolean auxK = rule instanceof ActivationRule.Selecting selecting && selecting.aux().on();
    boolean preAct = rule instanceof ActivationRule.JumpRelu jump && jump.preAct().on();
    if (!auxK && !preAct) {
      return null;
    }
    boolean[] dead = new boolean[m];
    boolean any = false;
    for (int i = 0; i < m; i++) {
      dead[i] = stepsSinceFired[i] >= rule.deadSteps();
      any |= dead[i];
    }
    return any ? dead : null;
  }

  /**
   * Holds the AuxK loss's target fixed at {@code residual} (x̂ − x of every row, as {@link Evaluation} gives it
   * through the reconstruction), so that the loss of later evaluations is the function whose gradient the AuxK
   * stop-gradient defines, for finite differences.
   */
  void holdAuxTarget(double[] residual) {
    this.auxTarget = residual.clone();
  }

  /**
   * JumpReLU's pre-activation loss: adds row t's gradient into g and returns its loss
   * λ_P/B Σ_{i dead, a &lt; θ} (θ_i − a_ti) n_i (0 without dead features), by the definition: ∂/∂a = −λ_P n_i / B,
   * ∂/∂θ = +λ_P n_i / B (times θ for the log), ∂/∂W_d,ij = λ_P/B (θ_i − a_ti) W_d,ij / n_i.
   */
  private double preActTerms(float[] x, int t, int rows, double[] pre, double[] norm, double[][] g) {
    boolean[] dead = rule instanceof ActivationRule.JumpRelu ? dead() : null;
    if (dead == null) {
      return 0;
    }
    double scale = ((ActivationRule.JumpRelu) rule).preAct().coefficient() / rows;
    double loss = 0;
    for (int i = 0; i < m; i++) {
      double a = pre[t * m + i];
      double theta = theta(i);
      if (!dead[i] || !(a < theta)) {
        continue;
      }
      loss += scale * (theta - a) * norm[i];
      g[1][i] -= scale * norm[i];
      g[4][i] += theta * scale * norm[i];
      for (int j = 0; j < n; j++) {
        g[0][i * n + j] -= scale * norm[i] * x[t * n + j];
        if (norm[i] > 0) {
          g[2][i * n + j] += scale * (theta - a) * decoderWeight[i * n + j] / norm[i];
        }
      }
    }
    return loss;
  }

  /** Adds row t's AuxK gradient into g and returns its loss c·‖ê + e‖² / B (0 without dead features). */
  private double auxTerms(float[] x, int t, int rows, double[] pre, double[] e, double[][] g) {
    boolean[] dead = rule instanceof ActivationRule.Selecting ? dead() : null;
    if (dead == null) {
      return 0;
    }
    double c = ((ActivationRule.Selecting) rule).aux().coefficient();
    boolean[] aux = keep(pre, t * m, dead);
    double[] r = auxTarget == null ? e.clone() : Arrays.copyOfRange(auxTarget, t * n, t * n + n);
    for (int i = 0; i < m; i++) {
      if (aux[i]) {
        for (int j = 0; j < n; j++) {
          r[j] += pre[t * m + i] * decoderWeight[i * n + j];
        }
      }
    }
    double loss = 0;
    for (int j = 0; j < n; j++) {
      loss += c / rows * r[j] * r[j];
    }
    for (int i = 0; i < m; i++) {
      if (aux[i]) {
        double da = 0;
        for (int j = 0; j < n; j++) {
          da += 2 * c / rows * r[j] * decoderWeight[i * n + j];
          g[2][i * n + j] += 2 * c / rows * pre[t * m + i] * r[j];
        }
        g[1][i] += da;
        for (int j = 0; j < n; j++) {
          g[0][i * n + j] += da * x[t * n + j];
        }
      }
    }
    return loss;
  }

  /** Rules that count: restarts the count of features in the batch's code, advances the others. */
  private void countFiring(Evaluation ev, int rows) {
    if (rule.deadSteps() == 0) {
      return;
    }
    for (int i = 0; i < m; i++) {
      boolean fired = false;
      for (int t = 0; t < rows && !fired; t++) {
        fired = keep(ev.preActivation(), t * m, null)[i];
      }
      stepsSinceFired[i] = fired ? 0 : (int) Math.min(rule.deadSteps(), stepsSinceFired[i] + 1L);
    }
  }

  /** One clipped Adam step; returns the evaluation before the update. */
  public Evaluation step(float[] x, int rows, double lr, double lambda) {
    Evaluation ev = evaluate(x, rows, lambda);
    double norm = ev.gradNorm();
    double scale = settings.gradClip() / Math.max(norm, settings.gradClip());
    step++;
    double c1 = 1 - Math.pow(settings.beta1(), step);
    double c2 = 1 - Math.pow(settings.beta2(), step);
    double[][] p = parameters();
    for (int a = 0; a < p.length; a++) {
      for (int k = 0; k < p[a].length; k++) {
        double g = ev.gradient()[a][k] * scale;
        first[a][k] = settings.beta1() * first[a][k] + (1 - settings.beta1()) * g;
        second[a][k] = settings.beta2() * second[a][k] + (1 - settings.beta2()) * g * g;
        p[a][k] -= lr * (first[a][k] / c1) / (Math.sqrt(second[a][k] / c2) + settings.epsilon());
      }
    }
    countFiring(ev, rows);
    if (rule instanceof ActivationRule.BatchTopK b) {
      double lowest = Double.POSITIVE_INFINITY;
      for (int e = 0; e < rows * m; e++) {
        if (batchKept[e]) {
          lowest = Math.min(lowest, ev.preActivation()[e]);
        }
      }
      threshold = Double.isNaN(threshold) ? lowest : b.thresholdDecay() * threshold + (1 - b.thresholdDecay())
          * lowest;
    }
    return ev;
  }

  /** Sets a counting rule's per-feature counts, as a backend created with them has them. */
  void stepsSinceFired(int[] counts) {
    System.arraycopy(counts, 0, stepsSinceFired, 0, m);
  }

  double[][] firstMoment() {
    return first;
  }

  private static double[][] all(SaeParameters p) {
    return new double[][] {toDouble(p.encoderWeight()), toDouble(p.encoderBias()), toDouble(p.decoderWeight()),
        toDouble(p.decoderBias())};
  }

  static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }
}
