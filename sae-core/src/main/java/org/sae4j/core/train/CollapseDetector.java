package org.sae4j.core.train;

import java.math.BigDecimal;
import java.util.BitSet;
import java.util.Locale;
import java.util.function.Consumer;
import org.sae4j.core.descriptor.TrainingSpec.OnCollapse;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.SparseCodes;
import org.sae4j.kernels.StepResult;

/**
 * Watches a run for a collapse, typically from a learning rate that is too high: L0 falling to (nearly) 0, or most of
 * the dictionary dying. Two checks, each over its own window:
 * <ul>
 *   <li>L0: the run is cut into windows of about a tenth of its steps (16 to 1024); a window whose mean L0 (exact:
 *       every step's own L0) is below {@value #L0_FLOOR} collapsed;</li>
 *   <li>dead share: every {@code sampleEvery} steps (a quarter of an L0 window) the first {@code sampleRows} rows of
 *       the step's batch go through the backend's forward pass (no state change), about 1/64 of the training tokens,
 *       so the check costs well under 1 % of the step time. A dead-share window closes once its samples hold
 *       {@value #ACTIVATIONS_PER_FEATURE} activations per feature, so that a rare but living feature is likely seen;
 *       its dead share is the share of features that fired on none of its tokens. After the λ warm-up, a window
 *       whose dead share is {@value #DEAD_RISE} or more above the lowest one of an earlier window (after the warm-up)
 *       collapsed. The rise, not an absolute share, is the criterion because a finite sample always misses some rare
 *       features.</li>
 * </ul>
 * Windows are fixed by step numbers and sample contents, and the state is part of a checkpoint, so a resumed run
 * decides exactly as an uninterrupted one.
 *
 * <p>On a collapse, {@code stop} throws {@link TrainingCollapseException}; {@code warn} logs one warning and trains on.
 */
final class CollapseDetector {
  /** Mean L0 under which a window counts as collapsed: fewer than one active feature per ten tokens. */
  static final double L0_FLOOR = 0.1;
  /** Rise of the dead share, over its lowest level after the warm-up, that counts as a collapse. */
  static final double DEAD_RISE = 0.5;
  /** Sampled activations per feature that close a dead-share window. */
  static final int ACTIVATIONS_PER_FEATURE = 16;
  private static final int SAMPLES_PER_L0_WINDOW = 4;
  private static final int SAMPLED_TOKEN_SHARE = 64;
  private static final double NONE = -1;

  private final long totalSteps;
  private final long sampleEvery;
  private final long window;
  private final int sampleRows;
  private final long warmupSteps;
  private final int features;
  private final double lr;
  private final OnCollapse action;
  private final Consumer<String> log;
  private final float[] reconstruction;
  private final SparseCodes codes = new SparseCodes();
  private double l0Sum;
  private double firstL0 = NONE;
  private BitSet fired = new BitSet();
  private long activations;
  private long sampledTokens;
  private long deadWindowStart = 1;
  private double baselineDead = NONE;
  private Collapse warned;

  /**
   * The detector's state, saved in checkpoints: the L0 window's sum and the first window's mean L0; the dead-share
   * window's fired features, activations, sampled tokens and first step; the lowest dead share after the warm-up
   * ({@value #NONE} while not known); the collapse already reported with {@code warn}, or null.
   */
  record State(double l0Sum, double firstL0, long[] fired, long activations, long sampledTokens, long deadWindowStart,
               double baselineDead, Collapse warned) {
  }

  /**
   * @param batchSize rows per step
   * @param inputDim n
   * @param warmupSteps steps of the λ warm-up, during which the dead share may legitimately rise
   * @param lr the peak learning rate, for the suggestion
   */
  CollapseDetector(long totalSteps, int batchSize, int features, int inputDim, long warmupSteps, double lr,
                   OnCollapse action, Consumer<String> log) {
    this.totalSteps = totalSteps;
    long targetWindow = Math.clamp(totalSteps / 10, 16, 1024);
    this.sampleEvery = Math.max(1, targetWindow / SAMPLES_PER_L0_WINDOW);
    this.window = SAMPLES_PER_L0_WINDOW * sampleEvery;
    this.sampleRows = (int) Math.min(batchSize, Math.max(1, Math.ceilDiv(batchSize * sampleEvery,
        SAMPLED_TOKEN_SHARE)));
    this.warmupSteps = warmupSteps;
    this.features = features;
    this.lr = lr;
    this.action = action;
    this.log = log;
    this.reconstruction = new float[sampleRows * inputDim];
  }

  /**
   * Accounts for step {@code step} (0-based), taken on {@code batch} (scaled, as the backend saw it).
   *
   * @throws TrainingCollapseException when a window ending here collapsed and the action is {@code stop}
   */
  void afterStep(long step, StepResult result, float[] batch, Backend backend) {
    l0Sum += result.l0();
    long done = step + 1;
    if (done % sampleEvery == 0) {
      backend.forward(batch, sampleRows, reconstruction, codes);
      for (int k = 0; k < codes.size(); k++) {
        fired.set(codes.index(k));
      }
      activations += codes.size();
      sampledTokens += sampleRows;
      if (activations >= (long) ACTIVATIONS_PER_FEATURE * features) {
        endDeadWindow(done);
      }
    }
    if (done % window == 0) {
      endL0Window(done);
    }
  }

  private void endDeadWindow(long done) {
    double dead = deadShare();
    double l0 = l0Sum / (done - (done - 1) / window * window); // over the L0 window's steps so far
    boolean afterWarmup = deadWindowStart > warmupSteps;
    String reason = afterWarmup && baselineDead != NONE && dead >= baselineDead + DEAD_RISE
        ? String.format(Locale.ROOT, "the dead share rose from %.1f%% to %.1f%% (L0 %.2f); %s", 100 * baselineDead,
            100 * dead, l0, deadDetail(done))
        : null;
    if (afterWarmup && (baselineDead == NONE || dead < baselineDead)) {
      baselineDead = dead;
    }
    fired = new BitSet();
    activations = 0;
    sampledTokens = 0;
    deadWindowStart = done + 1;
    if (reason != null) {
      report(done, l0, dead, reason);
    }
  }

  private void endL0Window(long done) {
    double meanL0 = l0Sum / window;
    String reason = meanL0 < L0_FLOOR
        ? String.format(Locale.ROOT, "L0 fell to %.3f (mean over steps %d-%d%s); %s", meanL0, done - window + 1, done,
            firstL0 == NONE ? "" : String.format(Locale.ROOT, "; it was %.1f in the first steps", firstL0),
            deadDetail(done))
        : null;
    if (firstL0 == NONE) {
      firstL0 = meanL0;
    }
    l0Sum = 0;
    if (reason != null) {
      report(done, meanL0, deadShare(), reason);
    }
  }

  private double deadShare() {
    return 1 - (double) fired.cardinality() / features;
  }

  private String deadDetail(long done) {
    return sampledTokens == 0 ? "no tokens sampled yet for the dead share"
        : String.format(Locale.ROOT, "%.1f%% of the %d features fired on none of the %d tokens sampled in steps "
            + "%d-%d", 100 * deadShare(), features, sampledTokens, deadWindowStart, done);
  }

  private void report(long done, double l0, double dead, String reason) {
    Collapse collapse = new Collapse(done, l0, dead, String.format(Locale.ROOT, "training collapsed at step %d of %d: "
        + "%s. The learning rate is likely too high: lower training.lr (now %s), e.g. to %s, or set "
        + "training.onCollapse: warn to train to the end anyway", done, totalSteps, reason, plain(lr), plain(lr / 10)));
    if (action == OnCollapse.STOP) {
      throw new TrainingCollapseException(collapse);
    }
    if (warned == null) {
      warned = collapse;
      log.accept("WARN " + collapse.message());
    }
  }

  /** The collapse reported with {@code warn}, or null. */
  Collapse warning() {
    return warned;
  }

  State state() {
    return new State(l0Sum, firstL0, fired.toLongArray(), activations, sampledTokens, deadWindowStart, baselineDead,
        warned);
  }

  void restore(State state) {
    l0Sum = state.l0Sum();
    firstL0 = state.firstL0();
    fired = BitSet.valueOf(state.fired());
    activations = state.activations();
    sampledTokens = state.sampledTokens();
    deadWindowStart = state.deadWindowStart();
    baselineDead = state.baselineDead();
    warned = state.warned();
  }

  private static String plain(double x) {
    return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
  }
}
