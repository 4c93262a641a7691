package org.sae4j.core.analysis.dashboard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.sae4j.kernels.SparseCodes;

/**
 * What a feature page shows, streamed over held-out tokens window by window: each feature's activation histogram
 * (log-spaced bins, every token it fires on), its strongest windows with the feature's activation at every token of a
 * span around the peak, and windows sampled uniformly from all it fires on (so that contexts from lower activation
 * quantiles can be shown, each with its quantile). Activation is f_i·‖W_d,i‖ in the original scale.
 *
 * <p>Rows must arrive window by window in position order (an unshuffled reader); a window that reappears later (its
 * rows split across the held-out pieces) counts as another window. Without token columns (synthetic data) only the
 * histograms are kept. Deterministic: ties keep the earlier window, and
 * the sampler draws from one seeded stream in arrival order.
 */
public final class FeatureDashboards {
  /** Histogram bins per factor of ten, from {@link #LOW_LOG10} to {@link #HIGH_LOG10}. */
  static final int PER_DECADE = 12;
  static final int LOW_LOG10 = -4;
  static final int HIGH_LOG10 = 4;
  static final int BINS = (HIGH_LOG10 - LOW_LOG10) * PER_DECADE;

  private final int features;
  private final double[] norms;
  private final int top;
  private final int samples;
  private final int before;
  private final int after;
  private final long[] histogram;
  private final long[] firingWindows;
  private final double[] mass;
  private final Context[][] strongest;
  private final Context[][] sampled;
  private final SplittableRandom random;
  // The window in progress.
  private long sequence = Long.MIN_VALUE;
  private int[] tokenAt;
  // The window's events (a feature firing at a position) in arrival order, then grouped by feature (closeWindow).
  private int events;
  private int[] eventFeature = new int[1024];
  private int[] eventPosition = new int[1024];
  private float[] eventValue = new float[1024];
  private long[] order = new long[1024];
  private int[] groupedPosition = new int[1024];
  private float[] groupedValue = new float[1024];

  /**
   * One context: a span of a window around the feature's peak there.
   *
   * @param activation the peak activation
   * @param peak the index of the peak token in {@code tokens}
   * @param tokens the span's token ids
   * @param activations the feature's activation at each token of the span (0 where it is off)
   */
  public record Context(float activation, int peak, int[] tokens, float[] activations) {
  }

  /**
   * @param norms ‖W_d,i‖ of each feature in the original scale
   * @param top strongest windows kept per feature
   * @param samples windows sampled per feature
   * @param before tokens of the span before the peak
   * @param after tokens after it
   * @param maxPosition the largest position expected in a window (harvested data: the window); the positions of data
   *     that brings its own windows (Arrow sources with token columns) may go beyond it
   * @param seed the sampler's seed
   */
  public FeatureDashboards(double[] norms, int top, int samples, int before, int after, int maxPosition, long seed) {
    this.features = norms.length;
    this.norms = norms.clone();
    this.top = top;
    this.samples = samples;
    this.before = before;
    this.after = after;
    this.histogram = new long[features * BINS];
    this.firingWindows = new long[features];
    this.mass = new double[features];
    this.strongest = new Context[features][];
    this.sampled = new Context[features][];
    this.random = new SplittableRandom(seed);
    this.tokenAt = new int[maxPosition + 1];
  }

  /** Adds a batch of rows; the token columns are null for data without them. */
  public void add(int rows, SparseCodes codes, int[] tokenIds, long[] sequences, int[] positions) {
    if (tokenIds == null) {
      for (int k = 0; k < codes.size(); k++) {
        int f = codes.index(k);
        float a = (float) (codes.value(k) * norms[f]);
        if (a > 0) {
          histogram[f * BINS + bin(a)]++;
          mass[f] += a;
        }
      }
      return;
    }
    for (int r = 0; r < rows; r++) {
      if (sequences[r] != sequence) {
        closeWindow();
        sequence = sequences[r];
      }
      int p = positions[r];
      if (p < 0) {
        throw new IllegalStateException("row with negative position " + p);
      }
      if (p >= tokenAt.length) {
        // Arrow data brings its own windows (e.g. SAELens contexts), longer than the expected maximum.
        int old = tokenAt.length;
        tokenAt = Arrays.copyOf(tokenAt, Math.max(p + 1, 2 * old));
        Arrays.fill(tokenAt, old, tokenAt.length, -1);
      }
      tokenAt[p] = tokenIds[r];
      for (int k = codes.start(r); k < codes.end(r); k++) {
        int f = codes.index(k);
        float a = (float) (codes.value(k) * norms[f]);
        if (a > 0) {
          histogram[f * BINS + bin(a)]++;
          mass[f] += a;
          addEvent(f, p, a);
        }
      }
    }
  }

  static int bin(double activation) {
    int b = (int) Math.floor((Math.log10(activation) - LOW_LOG10) * PER_DECADE);
    return Math.max(0, Math.min(BINS - 1, b));
  }

  /** The lower edge of bin {@code b}. */
  static double edge(int b) {
    return Math.pow(10, LOW_LOG10 + (double) b / PER_DECADE);
  }

  private void addEvent(int feature, int position, float activation) {
    if (events == eventFeature.length) {
      int grown = 2 * events;
      eventFeature = Arrays.copyOf(eventFeature, grown);
      eventPosition = Arrays.copyOf(eventPosition, grown);
      eventValue = Arrays.copyOf(eventValue, grown);
      order = new long[grown];
      groupedPosition = new int[grown];
      groupedValue = new float[grown];
    }
    eventFeature[events] = feature;
    eventPosition[events] = position;
    eventValue[events] = activation;
    events++;
  }

  private void closeWindow() {
    if (events == 0) {
      Arrays.fill(tokenAt, -1);
      return;
    }
    // Group the window's events by feature, positions ascending: they arrive in position order, so sorting the keys
    // (feature, arrival index) orders them by feature, then position, as a stable sort by feature would.
    for (int e = 0; e < events; e++) {
      order[e] = (long) eventFeature[e] << 32 | e;
    }
    Arrays.sort(order, 0, events);
    for (int k = 0; k < events; k++) {
      int e = (int) order[k];
      groupedPosition[k] = eventPosition[e];
      groupedValue[k] = eventValue[e];
    }
    int from = 0;
    while (from < events) {
      int f = (int) (order[from] >>> 32);
      int to = from;
      int peakAt = from;
      while (to < events && (int) (order[to] >>> 32) == f) {
        if (groupedValue[to] > groupedValue[peakAt]) {
          peakAt = to;
        }
        to++;
      }
      offer(f, from, to, peakAt);
      from = to;
    }
    events = 0;
    Arrays.fill(tokenAt, -1);
  }

  private void offer(int f, int from, int to, int peakAt) {
    float peak = groupedValue[peakAt];
    long n = ++firingWindows[f];
    Context[] best = strongest[f];
    boolean entersTop = best == null || best.length < top || peak > best[best.length - 1].activation();
    int slot = -1;
    if (n <= samples) {
      slot = (int) n - 1;
    } else {
      long j = random.nextLong(n);
      if (j < samples) {
        slot = (int) j;
      }
    }
    if (!entersTop && slot < 0) {
      return;
    }
    Context c = context(from, to, groupedPosition[peakAt], peak);
    if (entersTop) {
      strongest[f] = insert(best, c);
    }
    if (slot >= 0) {
      if (sampled[f] == null) {
        sampled[f] = new Context[0];
      }
      if (slot >= sampled[f].length) {
        sampled[f] = Arrays.copyOf(sampled[f], slot + 1);
      }
      sampled[f][slot] = c;
    }
  }

  private Context[] insert(Context[] best, Context c) {
    Context[] list = best == null ? new Context[0] : best;
    int at = list.length;
    while (at > 0 && c.activation() > list[at - 1].activation()) {
      at--;
    }
    Context[] out = new Context[Math.min(top, list.length + 1)];
    for (int i = 0, k = 0; i < out.length; i++) {
      out[i] = i == at ? c : list[k++];
    }
    return out;
  }

  private Context context(int from, int to, int peakPosition, float peak) {
    int lo = Math.max(0, peakPosition - before);
    int hi = Math.min(tokenAt.length - 1, peakPosition + after);
    int[] ids = new int[hi - lo + 1];
    float[] acts = new float[ids.length];
    int n = 0;
    int peakIndex = 0;
    for (int p = lo; p <= hi; p++) {
      if (tokenAt[p] < 0) {
        continue;
      }
      if (p == peakPosition) {
        peakIndex = n;
      }
      ids[n] = tokenAt[p];
      for (int e = from; e < to; e++) {
        if (groupedPosition[e] == p) {
          acts[n] = groupedValue[e];
        }
      }
      n++;
    }
    return new Context(peak, peakIndex, Arrays.copyOf(ids, n), Arrays.copyOf(acts, n));
  }

  /**
   * The dashboards of the {@code limit} features with the largest total activation (ties by index), by feature
   * index; call once, after the last batch.
   */
  public List<Dashboard> finish(int limit) {
    closeWindow();
    List<Dashboard> out = new ArrayList<>();
    for (int f : mostActive(limit)) {
      long[] counts = Arrays.copyOfRange(histogram, f * BINS, (f + 1) * BINS);
      int first = 0;
      while (counts[first] == 0) {
        first++;
      }
      int last = BINS - 1;
      while (counts[last] == 0) {
        last--;
      }
      double[] edges = new double[last - first + 2];
      for (int b = first; b <= last + 1; b++) {
        edges[b - first] = edge(b);
      }
      long[] shown = Arrays.copyOfRange(counts, first, last + 1);
      List<Dashboard.Sample> picked = new ArrayList<>();
      for (Context c : sampled[f] == null ? new Context[0] : sampled[f]) {
        picked.add(new Dashboard.Sample(quantile(counts, c.activation()), c));
      }
      picked.sort((a, b) -> Float.compare(b.context().activation(), a.context().activation()));
      out.add(new Dashboard(f, mass[f], firingWindows[f], edges, shown,
          strongest[f] == null ? List.of() : List.of(strongest[f]), picked));
    }
    return out;
  }

  private int[] mostActive(int limit) {
    return java.util.stream.IntStream.range(0, features).boxed()
        .filter(f -> mass[f] > 0)
        .sorted((a, b) -> mass[a] != mass[b] ? Double.compare(mass[b], mass[a]) : Integer.compare(a, b))
        .limit(limit).sorted().mapToInt(Integer::intValue).toArray();
  }

  /** The share of the feature's firings below {@code activation}, from its histogram (bin resolution). */
  private static double quantile(long[] counts, float activation) {
    long total = 0;
    long below = 0;
    int at = bin(activation);
    for (int b = 0; b < counts.length; b++) {
      total += counts[b];
      if (b < at) {
        below += counts[b];
      }
    }
    // Half of the own bin counts as below: the value lies somewhere inside it.
    return (below + counts[at] / 2.0) / total;
  }
}
