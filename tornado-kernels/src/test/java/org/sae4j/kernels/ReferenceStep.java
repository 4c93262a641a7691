package org.sae4j.kernels;

/**
 * The SAE training step of {@link Backend}, written densely and directly in float64: the oracle that the
 * backends are tested against (public for the other backends' tests). Parameters and Adam moments are kept in
 * double.
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
  private long step;

  public ReferenceStep(SaeParameters p, AdamState adam, OptimiserSettings settings) {
    this.n = p.inputDim();
    this.m = p.features();
    this.encoderWeight = toDouble(p.encoderWeight());
    this.encoderBias = toDouble(p.encoderBias());
    this.decoderWeight = toDouble(p.decoderWeight());
    this.decoderBias = toDouble(p.decoderBias());
    this.first = all(adam.firstMoment());
    this.second = all(adam.secondMoment());
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

  /** The parameters in a fixed order: W_e, b_e, W_d, b_d (live arrays). */
  public double[][] parameters() {
    return new double[][] {encoderWeight, encoderBias, decoderWeight, decoderBias};
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
    double squared = 0;
    double penalty = 0;
    int active = 0;
    double[][] g = {new double[m * n], new double[m], new double[m * n], new double[n]};
    for (int t = 0; t < rows; t++) {
      double[] f = new double[m];
      for (int i = 0; i < m; i++) {
        double s = encoderBias[i];
        for (int j = 0; j < n; j++) {
          s += x[t * n + j] * encoderWeight[i * n + j];
        }
        pre[t * m + i] = s;
        f[i] = Math.max(s, 0);
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
        double df = lambda / rows * norm[i];
        for (int j = 0; j < n; j++) {
          df += 2.0 / rows * e[j] * decoderWeight[i * n + j];
          g[2][i * n + j] += 2.0 / rows * e[j] * f[i]
              + (norm[i] > 0 ? lambda / rows * f[i] * decoderWeight[i * n + j] / norm[i] : 0);
        }
        if (pre[t * m + i] > 0) {
          g[1][i] += df;
          for (int j = 0; j < n; j++) {
            g[0][i * n + j] += df * x[t * n + j];
          }
        }
      }
    }
    double mse = squared / rows;
    double l1 = penalty / rows;
    return new Evaluation(mse + lambda * l1, mse, l1, (double) active / rows, g, pre, recon);
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
    return ev;
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
