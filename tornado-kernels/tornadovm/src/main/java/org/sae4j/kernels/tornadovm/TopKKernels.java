package org.sae4j.kernels.tornadovm;

import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The TopK rule on the device: per row, the {@code need} largest positive codes (of the dead features only,
 * for the AuxK loss), of equal values the lower feature index, found by a radix select in O(m) per row without
 * sorting. The result is not a list but a row's cut: its threshold value θ_t and the last feature λ_t that is
 * kept among those equal to θ_t, so that pair (t, i) with code a is kept exactly when a &gt; θ_t, or a = θ_t and
 * i ≤ λ_t ({@link ActiveSetKernels#kept}). The list kernels then build the row-major and feature-major lists from
 * the dense codes with that test, so no second dense buffer is written.
 *
 * <p>The radix select works on the IEEE-754 bit pattern of the positive floats, which orders them like their
 * values, without reading the bits (TornadoVM's OpenCL backend cannot reinterpret a float): the exponent field
 * is found by a binary search over the powers of two of {@link #radixTable()}, and the 23 mantissa bits of a
 * value in exponent bin b are {@code (int) (a · 2^(150−b)) − 2^23}, a multiplication by a power of two and thus
 * exact. Four histogram passes (the exponent, then 8, 8 and 7 mantissa bits, each over the values whose higher
 * digits equal the k-th largest's) give the k-th largest value exactly; one more pass finds λ_t. Each pass
 * reads the row once in ascending feature order, so the result is a function of the codes alone.
 */
final class TopKKernels {

  /** Histogram bins per row (one exponent field, or 8 mantissa bits). */
  static final int BINS = 256;
  /** Offset of the scale factors in {@link #radixTable()}. */
  private static final int SCALE = BINS;
  /** Exponent bins below this are scaled in two exact steps (2^64, then the rest), as 2^(150−b) overflows. */
  private static final int SMALL = 64;
  private static final float TWO_64 = 0x1p64f;
  private static final int HIDDEN_BIT = 1 << 23;
  private static final int DIGIT_BITS = 9;
  private static final int DIGIT_MASK = (1 << DIGIT_BITS) - 1;

  private TopKKernels() {
  }

  /**
   * The constants of the radix select: [b] = 2^(b−127), the smallest float of exponent bin b (0 for the
   * subnormal bin 0); [256 + b] = the scale that maps a value of bin b to its significand as an integer,
   * 2^(150−b) (2^(86−b) for bins below 64, after a first factor 2^64); b = max(b, 1) for subnormals.
   */
  static FloatArray radixTable() {
    FloatArray t = new FloatArray(2 * BINS);
    for (int b = 0; b < BINS; b++) {
      t.set(b, b == 0 ? 0f : Math.scalb(1f, Math.min(b, 254) - 127));
      int e = Math.max(b, 1);
      t.set(SCALE + b, Math.scalb(1f, (b < SMALL ? 86 : 150) - e));
    }
    return t;
  }

  /**
   * For each row t of the batch: θ_t = thr[t] and λ_t = last[t] of its cut, and count[t] = the number kept,
   * min(need, candidates); a row with at most {@code need} candidates keeps all of them (θ_t = 0, λ_t = −1).
   * Candidates are the positive codes f[t·m + i], of the features with steps[i] ≥ deadSteps when {@code masked}
   * is 1. {@code hist} holds 256 counts per row of scratch.
   */
  static void selectRows(FloatArray f, FloatArray radix, IntArray hist, FloatArray thr, IntArray last,
                         IntArray count, IntArray steps, IntArray control, int masked, int deadSteps, int need, int m,
                         int maxRows) {
    for (@Parallel int t = 0; t < maxRows; t++) {
      int kept = 0;
      float threshold = 0f;
      int lastEqual = -1;
      if (t < control.get(0)) {
        int o = t * m;
        int h = t * BINS;
        clear(hist, h, BINS);
        int candidates = 0;
        for (int i = 0; i < m; i++) {
          float a = f.get(o + i);
          if (a > 0f && ActiveSetKernels.candidate(i, steps, masked, deadSteps)) {
            int b = exponentBin(a, radix);
            hist.set(h + b, hist.get(h + b) + 1);
            candidates++;
          }
        }
        kept = TornadoMath.min(candidates, need);
        if (candidates > need) {
          // The bin of the need-th largest, and how many of its values are still to keep.
          int picked = pick(hist, h, BINS, need);
          int bin = picked & DIGIT_MASK;
          int remaining = picked >> DIGIT_BITS;
          float low = radix.get(bin);
          float high = radix.get(TornadoMath.min(bin + 1, 254));
          float scale = radix.get(SCALE + bin);
          int offset = bin > 0 ? HIDDEN_BIT : 0;
          int prefix = 0;
          for (int level = 0; level < 3; level++) {
            int shift = level == 2 ? 0 : 15 - 8 * level;
            int width = level == 2 ? 128 : BINS;
            clear(hist, h, width);
            for (int i = 0; i < m; i++) {
              float a = f.get(o + i);
              if (inBin(a, bin, low, high) && ActiveSetKernels.candidate(i, steps, masked, deadSteps)) {
                int bits = mantissa(a, bin, scale) - offset;
                if ((bits >> (shift + (level == 2 ? 7 : 8))) == prefix) {
                  int d = (bits >> shift) & (width - 1);
                  hist.set(h + d, hist.get(h + d) + 1);
                }
              }
            }
            picked = pick(hist, h, width, remaining);
            int digit = picked & DIGIT_MASK;
            remaining = picked >> DIGIT_BITS;
            prefix = (prefix << (level == 2 ? 7 : 8)) | digit;
          }
          // The need-th largest has significand bits `prefix` in `bin`; keep the first `remaining` equal ones.
          int equal = 0;
          for (int i = 0; i < m; i++) {
            float a = f.get(o + i);
            if (equal < remaining && inBin(a, bin, low, high)
                && ActiveSetKernels.candidate(i, steps, masked, deadSteps)
                && mantissa(a, bin, scale) - offset == prefix) {
              threshold = a;
              equal++;
              lastEqual = i;
            }
          }
        }
      }
      thr.set(t, threshold);
      last.set(t, lastEqual);
      count.set(t, kept);
    }
  }

  /**
   * TopK rule, after the step's update: steps[i] restarts at 0 for the features in this batch's lists
   * (columnCount[i] &gt; 0) and otherwise grows by one up to {@code deadSteps}; unchanged unless the step was
   * applied (scalars[4]).
   */
  static void countFiring(IntArray columnCount, IntArray steps, FloatArray scalars, int deadSteps, int m) {
    for (@Parallel int i = 0; i < m; i++) {
      if (scalars.get(4) > 0.5f) {
        int s = 0;
        if (columnCount.get(i) == 0) {
          s = TornadoMath.min(deadSteps, steps.get(i) + 1);
        }
        steps.set(i, s);
      }
    }
  }

  /**
   * Scanning the {@code width} bins from the top, the bin d that holds the {@code remaining}-th largest value and
   * how many of its values are still to keep, packed as {@code left << DIGIT_BITS | d} (a helper returns one value).
   */
  private static int pick(IntArray hist, int h, int width, int remaining) {
    int digit = 0;
    int left = remaining;
    int found = 0;
    for (int d = width - 1; d >= 0; d--) {
      int c = hist.get(h + d);
      if (found == 0) {
        if (c >= left) {
          digit = d;
          found = 1;
        } else {
          left -= c;
        }
      }
    }
    return (left << DIGIT_BITS) | digit;
  }

  private static void clear(IntArray hist, int from, int size) {
    for (int b = 0; b < size; b++) {
      hist.set(from + b, 0);
    }
  }

  /** The exponent field of positive finite a: the largest b in [0, 254] with radix[b] ≤ a (8 halvings). */
  private static int exponentBin(float a, FloatArray radix) {
    int lo = 0;
    int hi = 255;
    for (int s = 0; s < 8; s++) {
      int mid = (lo + hi) >> 1;
      if (radix.get(mid) <= a) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Whether positive a has exponent field {@code bin}, whose values are [low, high) (bin 254: [low, ∞)). */
  private static boolean inBin(float a, int bin, float low, float high) {
    return a > 0f && a >= low && (bin == 254 || a < high);
  }

  /** a's significand as an integer (hidden bit included for normal bins): exact, a power-of-two scaling. */
  private static int mantissa(float a, int bin, float scale) {
    float s;
    if (bin < SMALL) {
      s = a * TWO_64 * scale;
    } else {
      s = a * scale;
    }
    return (int) s;
  }
}
