package org.sae4j.bench;

import org.sae4j.kernels.OptimiserSettings;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.kernels.StepResult;

/**
 * The training step of {@link org.sae4j.kernels.Backend}'s javadoc in plain float64 loops with hand-derived
 * gradients: an oracle that shares no code and no derivation with the autograd reference.
 */
final class Float64Step {

  /** Parameters, or gradients, in float64 with the layouts of {@link SaeParameters}. */
  record Tensors(double[] encoderWeight, double[] encoderBias, double[] decoderWeight, double[] decoderBias) {

    static Tensors of(SaeParameters p) {
      return new Tensors(widen(p.encoderWeight()), widen(p.encoderBias()), widen(p.decoderWeight()),
          widen(p.decoderBias()));
    }

    static Tensors zerosLike(Tensors t) {
      return new Tensors(new double[t.encoderWeight.length], new double[t.encoderBias.length],
          new double[t.decoderWeight.length], new double[t.decoderBias.length]);
    }

    double[][] all() {
      return new double[][] {encoderWeight, encoderBias, decoderWeight, decoderBias};
    }
  }

  /** The loss terms and the gradient of the loss at one point. */
  record Evaluation(double loss, double mse, double l1, double l0, Tensors gradient) {
  }

  private final int n;
  private final int m;
  private final OptimiserSettings optimiser;
  private final Tensors params;
  private final Tensors firstMoment;
  private final Tensors secondMoment;
  private long step;

  Float64Step(SaeParameters initial, OptimiserSettings optimiser) {
    this.n = initial.inputDim();
    this.m = initial.features();
    this.optimiser = optimiser;
    this.params = Tensors.of(initial);
    this.firstMoment = Tensors.zerosLike(params);
    this.secondMoment = Tensors.zerosLike(params);
  }

  Tensors parameters() {
    return params;
  }

  /** Loss, its terms and its exact gradient at {@code p} on the first {@code rows} rows of {@code x}. */
  static Evaluation evaluate(Tensors p, int n, int m, float[] x, int rows, double lambda) {
    Tensors g = Tensors.zerosLike(p);
    double[] norms = new double[m];
    for (int i = 0; i < m; i++) {
      double s = 0;
      for (int j = 0; j < n; j++) {
        s += p.decoderWeight[i * n + j] * p.decoderWeight[i * n + j];
      }
      norms[i] = Math.sqrt(s);
    }
    double[] f = new double[m];
    double[] residual = new double[n];
    double[] activeSum = new double[m];
    double mse = 0;
    double l1 = 0;
    long active = 0;
    for (int t = 0; t < rows; t++) {
      for (int i = 0; i < m; i++) {
        double pre = p.encoderBias[i];
        for (int j = 0; j < n; j++) {
          pre += p.encoderWeight[i * n + j] * x[t * n + j];
        }
        f[i] = Math.max(pre, 0);
        active += f[i] > 0 ? 1 : 0;
        l1 += f[i] * norms[i];
        activeSum[i] += f[i];
      }
      for (int j = 0; j < n; j++) {
        double xHat = p.decoderBias[j];
        for (int i = 0; i < m; i++) {
          xHat += f[i] * p.decoderWeight[i * n + j];
        }
        residual[j] = xHat - x[t * n + j];
        mse += residual[j] * residual[j];
        g.decoderBias[j] += 2 * residual[j] / rows;
      }
      for (int i = 0; i < m; i++) {
        if (f[i] <= 0) {
          continue;
        }
        double dF = lambda * norms[i] / rows;
        for (int j = 0; j < n; j++) {
          dF += 2 * residual[j] * p.decoderWeight[i * n + j] / rows;
          g.decoderWeight[i * n + j] += f[i] * 2 * residual[j] / rows;
        }
        g.encoderBias[i] += dF;
        for (int j = 0; j < n; j++) {
          g.encoderWeight[i * n + j] += dF * x[t * n + j];
        }
      }
    }
    // The penalty's pull on the column norms: d‖w‖/dw = w/‖w‖.
    for (int i = 0; i < m; i++) {
      if (activeSum[i] > 0) {
        double scale = lambda * activeSum[i] / rows / norms[i];
        for (int j = 0; j < n; j++) {
          g.decoderWeight[i * n + j] += scale * p.decoderWeight[i * n + j];
        }
      }
    }
    mse /= rows;
    l1 /= rows;
    return new Evaluation(mse + lambda * l1, mse, l1, (double) active / rows, g);
  }

  /** One step: evaluate, clip, Adam. Returns the scalars measured before the update. */
  StepResult step(float[] x, int rows, double learningRate, double lambda) {
    Evaluation e = evaluate(params, n, m, x, rows, lambda);
    double squares = 0;
    for (double[] g : e.gradient().all()) {
      for (double v : g) {
        squares += v * v;
      }
    }
    double gradNorm = Math.sqrt(squares);
    double clip = optimiser.gradClip() / Math.max(gradNorm, optimiser.gradClip());
    step++;
    double b1 = optimiser.beta1();
    double b2 = optimiser.beta2();
    double c1 = 1 - Math.pow(b1, step);
    double c2 = 1 - Math.pow(b2, step);
    double[][] p = params.all();
    double[][] g = e.gradient().all();
    double[][] mo = firstMoment.all();
    double[][] v = secondMoment.all();
    for (int k = 0; k < p.length; k++) {
      for (int i = 0; i < p[k].length; i++) {
        double gi = g[k][i] * clip;
        mo[k][i] = b1 * mo[k][i] + (1 - b1) * gi;
        v[k][i] = b2 * v[k][i] + (1 - b2) * gi * gi;
        p[k][i] -= learningRate * (mo[k][i] / c1) / (Math.sqrt(v[k][i] / c2) + optimiser.epsilon());
      }
    }
    return new StepResult(e.loss(), e.mse(), e.l1(), e.l0(), gradNorm);
  }

  private static double[] widen(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }
}
