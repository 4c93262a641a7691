package org.sae4j.core.train;

import java.io.IOException;
import java.util.function.Consumer;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.BackendOptions;
import org.sae4j.kernels.BackendProvider;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.kernels.Seeds;
import org.sae4j.kernels.StepResult;
import org.sae4j.store.ActivationStore;
import org.sae4j.store.BatchReader;
import org.sae4j.store.RowSet;

/**
 * Trains a ReLU-L1 SAE with the recipe of SPEC §2: scalar input normalisation, paper initialisation, λ warm-up,
 * lr decay, Adam with global-norm clipping (the last three inside the backend's step). One epoch is
 * {@code trainRows / batchSize} steps; a trailing partial batch is dropped so every step sees a full batch.
 *
 * <p>Everything is derived from the seed, and the backend is deterministic, so the same store, config and seed give
 * bit-identical parameters.
 */
public final class Trainer {
  /** The family of random streams, one per epoch, that shuffle the training rows. */
  private static final String SHUFFLE_STREAM = "shuffle";
  private static final long PROGRESS_NANOS = 5_000_000_000L;

  private final TrainingConfig config;
  private final Consumer<String> log;

  /**
   * @param log receives progress lines (step, tokens/s, loss, L0, ETA)
   */
  public Trainer(TrainingConfig config, Consumer<String> log) {
    this.config = config;
    this.log = log;
  }

  /**
   * Runs the whole optimisation.
   *
   * @param store the activation store
   * @param train the training rows
   * @param trainRows how many of them one epoch uses (at most {@code train.rows()})
   * @param provider the backend to train on
   * @param threads worker threads for the backend
   * @param curve receives a point every {@code logEvery} steps and at the last step
   */
  public TrainingOutcome train(ActivationStore store, RowSet train, long trainRows, BackendProvider provider,
                               int threads, TrainingCurve curve) throws IOException {
    int dim = store.dim();
    int batchSize = config.batchSize();
    long steps = config.steps(Math.min(trainRows, train.rows()));
    if (steps < 1) {
      throw new IllegalArgumentException("the training split has " + Math.min(trainRows, train.rows())
          + " rows, fewer than one batch of " + batchSize);
    }
    double scale = InputScale.estimate(store, train, config.scaleSampleTokens(), config.seed());
    log.accept(String.format("input scale s = %.6g (E‖s·x‖ = √%d), %d steps of %d tokens", scale, dim, steps,
        batchSize));
    Schedule schedule = new Schedule(steps, config.lr(), config.l1(), config.lrDecayFraction(),
        config.l1WarmupFraction());
    SaeParameters initial = Initialisation.parameters(dim, config.features(), config.decoderInitNorm(), config.seed());
    BackendOptions options = new BackendOptions(threads, config.optimiser(), batchSize);
    float[] batch = new float[batchSize * dim];
    long step = 0;
    StepResult last = null;
    Progress progress = new Progress(steps, batchSize);
    try (Backend backend = provider.create(initial, AdamState.initial(dim, config.features()), options)) {
      log.accept("training on " + backend.name() + " (" + backend.device() + "), " + threads + " thread(s)");
      for (int epoch = 0; epoch < config.epochs() && step < steps; epoch++) {
        long epochEnd = Math.min(steps, (epoch + 1) * (steps / config.epochs()));
        try (BatchReader reader = store.reader(train, batchSize, Seeds.derive(config.seed(), SHUFFLE_STREAM, epoch), true)) {
          while (step < epochEnd && reader.next(batch) == batchSize) {
            scaleInPlace(batch, (float) scale);
            double lr = schedule.learningRate(step);
            double l1 = schedule.l1Coefficient(step);
            last = backend.step(batch, batchSize, lr, l1);
            checkFinite(last, step);
            if (step % config.logEvery() == 0 || step == steps - 1) {
              curve.add(step, (step + 1) * batchSize, last, lr, l1);
            }
            step++;
            progress.report(step, last, log);
          }
        }
      }
      return new TrainingOutcome(backend.parameters(), backend.adamState(), scale, step, step * batchSize,
          progress.seconds(), last, backend.name(), backend.device());
    }
  }

  private static void scaleInPlace(float[] batch, float scale) {
    for (int i = 0; i < batch.length; i++) {
      batch[i] *= scale;
    }
  }

  private static void checkFinite(StepResult r, long step) {
    if (!Double.isFinite(r.loss()) || !Double.isFinite(r.gradNorm())) {
      throw new IllegalStateException("training diverged at step " + step + ": loss=" + r.loss() + ", grad norm="
          + r.gradNorm() + "; lower training.lr");
    }
  }

  /** Throttled progress lines with throughput and ETA. */
  private static final class Progress {
    private final long steps;
    private final int batchSize;
    private final long start = System.nanoTime();
    private long lastReport = start;

    Progress(long steps, int batchSize) {
      this.steps = steps;
      this.batchSize = batchSize;
    }

    void report(long done, StepResult r, Consumer<String> log) {
      long now = System.nanoTime();
      if (done != steps && done != 1 && now - lastReport < PROGRESS_NANOS) {
        return;
      }
      lastReport = now;
      double seconds = (now - start) / 1e9;
      double tokensPerSecond = done * batchSize / Math.max(seconds, 1e-9);
      long etaSeconds = Math.round((steps - done) * (seconds / done));
      log.accept(String.format("step %d/%d (%.1f%%) | %,.0f tok/s | loss %.5g | mse %.5g | L0 %.1f | ETA %d:%02d",
          done, steps, 100.0 * done / steps, tokensPerSecond, r.loss(), r.mse(), r.l0(), etaSeconds / 60,
          etaSeconds % 60));
    }

    double seconds() {
      return (System.nanoTime() - start) / 1e9;
    }
  }
}
