package org.sae4j.kernels;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The child JVM of {@link VectorWidthDeterminismTest}: trains the JVM backend a few steps on awkward shapes and
 * prints SHA-256 digests of everything a step produces, so that JVMs with different vector widths can be compared.
 * Arguments: the thread counts to train with, comma-separated. Output lines:
 * <pre>
 *   widths PREFERRED_BITS REDUCTION_BITS
 *   reductions-interpreted SHA      (dot, dot4, sum of squares at lengths 0..70, first calls)
 *   reductions-compiled SHA         (the same after enough calls for the JIT to compile them)
 *   state THREADS SHA               (parameters, Adam state, step scalars, forward codes and reconstruction)
 * </pre>
 */
public final class VectorWidthProbe {

  /** n, m, B: primes; and a shape with several blocks in every kernel and a 16-term half block in the dots. */
  private static final int[][] SHAPES = {{37, 101, 19}, {53, 300, 150}};
  private static final int STEPS = 4;
  private static final int MAX_LENGTH = 70;

  private VectorWidthProbe() {
  }

  public static void main(String[] args) {
    System.out.println("widths " + VectorOps.FLOATS.vectorBitSize() + " " + Reductions.vectorBitSize());
    System.out.println("reductions-interpreted " + reductionDigest(false));
    for (int rep = 0; rep < 3_000; rep++) {
      reductionDigest(false);
    }
    System.out.println("reductions-compiled " + reductionDigest(false));
    for (String threads : args[0].split(",")) {
      System.out.println("state " + threads + " " + stateDigest(Integer.parseInt(threads)));
    }
  }

  /** The digest of the reductions at lengths 0..70 on order-sensitive data, or of {@link CanonicalSums}'. */
  static String reductionDigest(boolean reference) {
    float[] x = CanonicalSums.orderSensitive(4 * (MAX_LENGTH + 1) + 3, 11);
    float[] y = CanonicalSums.orderSensitive(MAX_LENGTH + 5, 12);
    Digest d = new Digest();
    float[] four = new float[4];
    for (int len = 0; len <= MAX_LENGTH; len++) {
      int stride = len + 1;
      if (reference) {
        d.add(CanonicalSums.dot(x, 3, y, 5, len));
        for (int q = 0; q < 4; q++) {
          four[q] = CanonicalSums.dot(x, 3 + q * stride, y, 5, len);
        }
        d.add(CanonicalSums.sumOfSquares(x, 3, len));
      } else {
        d.add(Reductions.dot(x, 3, y, 5, len));
        Reductions.dot4(x, 3, 3 + stride, 3 + 2 * stride, 3 + 3 * stride, y, 5, len, four, 0);
        d.add(Reductions.sumOfSquares(x, 3, len));
      }
      d.add(four);
    }
    return d.hex();
  }

  /** The JVM backend's digests under the ReLU rule and under JumpReLU (its rule state included). */
  private static String stateDigest(int threads) {
    JvmBackendProvider jvm = new JvmBackendProvider();
    return stateDigest(jvm, threads, ActivationRule.RELU) + "-"
        + stateDigest(jvm, threads, new ActivationRule.JumpRelu(0.05, 0.1));
  }

  /**
   * The digest of a few steps (the last with a short batch), the parameters, Adam's state and a forward pass of
   * {@code provider}'s backends on fixed shapes under the ReLU rule; public for the other backends' determinism
   * tests.
   */
  public static String stateDigest(BackendProvider provider, int threads) {
    return stateDigest(provider, threads, ActivationRule.RELU);
  }

  private static String stateDigest(BackendProvider provider, int threads, ActivationRule rule) {
    Digest d = new Digest();
    for (int[] shape : SHAPES) {
      int n = shape[0];
      int m = shape[1];
      int rows = shape[2];
      try (Backend b = provider.create(TestData.parameters(n, m, 7), AdamState.initial(n, m),
          new BackendOptions(threads, OptimiserSettings.PAPER, rows, rule))) {
        for (int s = 0; s < STEPS; s++) {
          // The last batch is short, so partial blocks are exercised too.
          int batch = s == STEPS - 1 ? rows - 7 : rows;
          StepResult r = b.step(TestData.batch(batch, n, 30 + s), batch, new StepInput(1e-2, 1.5));
          d.add(r.loss(), r.mse(), r.l1(), r.l0(), r.gradNorm());
        }
        for (float[] a : TestData.arrays(b.parameters())) {
          d.add(a);
        }
        AdamState adam = b.adamState();
        d.add(adam.step());
        for (SaeParameters moment : new SaeParameters[] {adam.firstMoment(), adam.secondMoment()}) {
          for (float[] a : TestData.arrays(moment)) {
            d.add(a);
          }
        }
        LearnedThreshold learned = b.ruleState().learned();
        d.add(learned.logThreshold());
        d.add(learned.firstMoment());
        d.add(learned.secondMoment());
        float[] recon = new float[rows * n];
        SparseCodes codes = new SparseCodes();
        b.forward(TestData.batch(rows, n, 99), rows, recon, codes);
        d.add(recon);
        for (int k = 0; k < codes.size(); k++) {
          d.add(codes.index(k));
          d.add(codes.value(k));
        }
      }
    }
    return d.hex();
  }

  /** SHA-256 over the raw bits of the values added. */
  private static final class Digest {
    private final MessageDigest sha;
    private final ByteBuffer buffer = ByteBuffer.allocate(8);

    Digest() {
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    void add(float... values) {
      for (float v : values) {
        sha.update(buffer.clear().putInt(Float.floatToRawIntBits(v)).array(), 0, 4);
      }
    }

    void add(double... values) {
      for (double v : values) {
        sha.update(buffer.clear().putLong(Double.doubleToRawLongBits(v)).array(), 0, 8);
      }
    }

    void add(long value) {
      sha.update(buffer.clear().putLong(value).array(), 0, 8);
    }

    String hex() {
      return HexFormat.of().formatHex(sha.digest());
    }
  }
}
