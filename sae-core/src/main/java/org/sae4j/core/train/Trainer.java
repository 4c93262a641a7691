package org.sae4j.core.train;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import org.sae4j.core.checkpoint.TrainingState;
import org.sae4j.core.descriptor.Architecture;
import org.sae4j.core.descriptor.SaeSpec;
import org.sae4j.core.descriptor.TrainingSpec;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.BackendOptions;
import org.sae4j.kernels.BackendProvider;
import org.sae4j.kernels.Seeds;
import org.sae4j.kernels.StepInput;
import org.sae4j.kernels.StepResult;
import org.sae4j.store.BatchReader;
import org.sae4j.store.FaultInjection;
import org.sae4j.store.Progress;

/**
 * Trains an SAE with the recipe of docs/recipe.md: scalar input normalisation, paper initialisation, the warm-up of the
 * architecture's sparsity coefficient, lr decay, Adam with global-norm clipping (the last two inside the backend's
 * step); the architecture ({@link Architecture}) gives the backend its activation rule. One epoch is
 * {@code rowsPerEpoch / batchSize} steps; a trailing partial batch is dropped so every step sees a full batch.
 *
 * <p>Everything is derived from the seed, and the backend is deterministic, so the same data, descriptor and seed
 * give bit-identical parameters. Periodic checkpoints ({@link Checkpoints}) are written every
 * {@code training.checkpointEvery} steps, or every {@value TrainingSpec#CHECKPOINT_MINUTES} minutes of training when it
 * is not set; a run starts from the newest one that matches, and ends bit-identical to an uninterrupted run: the
 * parameters and Adam state come from the checkpoint, the reader is recreated from the seed and skips the batches the
 * epoch already consumed, the schedule is a function of the step, and the curve and the collapse detector continue
 * from their saved state.
 *
 * <p>Fault point {@code train.step} ({@link FaultInjection}) is passed after each optimisation step.
 */
public final class Trainer {
  /** The family of random streams, one per epoch, that shuffle the training rows. */
  private static final String SHUFFLE_STREAM = "shuffle";
  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);
  private static final long CHECKPOINT_NANOS = Duration.ofMinutes(TrainingSpec.CHECKPOINT_MINUTES).toNanos();

  private final TrainingSpec training;
  private final SaeSpec sae;
  private final long seed;
  private final Consumer<String> log;

  /**
   * @param training the recipe
   * @param sae the dictionary
   * @param seed the run seed: initialisation, input-scale sample and shuffling derive from it
   * @param log receives progress lines (step, tokens/s, loss, L0, ETA), checkpoint and resume lines, and warnings
   *     (starting with {@code WARN })
   */
  public Trainer(TrainingSpec training, SaeSpec sae, long seed, Consumer<String> log) {
    this.training = training;
    this.sae = sae;
    this.seed = seed;
    this.log = log;
  }

  /**
   * Runs the optimisation to the end, resuming from the newest matching checkpoint in {@code checkpoints}.
   *
   * @param provider the backend to train on
   * @param threads worker threads for the backend
   * @param checkpoints the run's periodic checkpoints: read to resume, written while training
   * @throws TrainingCollapseException when training collapses and {@code training.onCollapse} is {@code stop}
   * @throws IOException when the data or a checkpoint cannot be read or written
   */
  public TrainingOutcome train(TrainingData data, BackendProvider provider, int threads, Checkpoints checkpoints)
      throws IOException {
    int dim = data.store().dim();
    int batchSize = training.batchSize();
    long rows = Math.min(data.rowsPerEpoch(), data.rows().rows());
    long steps = training.steps(rows);
    if (steps < 1) {
      throw new IllegalArgumentException("the training split has " + rows + " rows, fewer than one batch of "
          + batchSize);
    }
    long stepsPerEpoch = steps / training.epochs();
    Architecture architecture = sae.architecture();
    Schedule schedule = new Schedule(steps, training.lr(), architecture.sparsityCoefficient(training),
        training.lrDecayFraction(), architecture.warmupFraction(training));
    CollapseDetector collapse = new CollapseDetector(steps, batchSize, sae.features(), dim, schedule.warmupSteps(),
        training.lr(), training.onCollapse(), log);
    Start start = start(data, checkpoints, steps, stepsPerEpoch, collapse);
    BackendOptions options = new BackendOptions(threads, training.optimiser(), batchSize,
        architecture.rule(dim, batchSize, steps * batchSize));
    try (Backend backend = provider.create(start.state().parameters(), start.state().adam(),
        start.state().rule(), options)) {
      log.accept("training on " + backend.name() + " (" + backend.device() + "), " + threads + " thread(s); "
          + (training.checkpointEvery() == TrainingSpec.CHECKPOINT_BY_TIME
          ? "a checkpoint every " + TrainingSpec.CHECKPOINT_MINUTES + " minutes"
          : "a checkpoint every " + training.checkpointEvery() + " steps"));
      return new Loop(data, backend, schedule, start, checkpoints).run(stepsPerEpoch);
    }
  }

  /** Where the optimisation starts: the parameters, Adam state and input scale, the curve so far, the detector. */
  private record Start(TrainingState state, TrainingCurve curve, CollapseDetector collapse) {
  }

  /** The newest matching checkpoint's state, or a fresh initialisation with a newly estimated input scale. */
  private Start start(TrainingData data, Checkpoints checkpoints, long steps, long stepsPerEpoch,
                      CollapseDetector collapse) throws IOException {
    int dim = data.store().dim();
    Checkpoints.Resume resume = checkpoints.newest(steps, stepsPerEpoch, dim, sae.features());
    if (resume != null) {
      collapse.restore(resume.position().collapse());
      log.accept("resuming from step " + resume.position().step() + " of " + steps + " (" + resume.name() + ")");
      return new Start(resume.state(), TrainingCurve.restore(resume.curve()), collapse);
    }
    double scale = InputScale.estimate(data.store(), data.rows(), training.scaleSampleTokens(), seed);
    log.accept(String.format("input scale s = %.6g (E‖s·x‖ = √%d), %d steps of %d tokens", scale, dim, steps,
        training.batchSize()));
    return new Start(new TrainingState(Initialisation.parameters(dim, sae.features(), sae.decoderInitNorm(), seed),
        AdamState.initial(dim, sae.features()), scale), new TrainingCurve(), collapse);
  }

  /** The optimisation loop of one {@link #train} call. */
  private final class Loop {
    private final TrainingData data;
    private final Backend backend;
    private final Schedule schedule;
    private final TrainingCurve curve;
    private final CollapseDetector collapse;
    private final Checkpoints checkpoints;
    private final long firstStep;
    private final double inputScale;
    private final float scale;
    private final Progress progress;
    private final float[] batch;
    private long lastCheckpoint = System.nanoTime();

    Loop(TrainingData data, Backend backend, Schedule schedule, Start start, Checkpoints checkpoints) {
      this.data = data;
      this.backend = backend;
      this.schedule = schedule;
      this.curve = start.curve();
      this.collapse = start.collapse();
      this.checkpoints = checkpoints;
      this.firstStep = start.state().adam().step();
      this.inputScale = start.state().inputScale();
      this.scale = (float) inputScale;
      this.progress = new Progress(schedule.totalSteps(), firstStep, PROGRESS_INTERVAL);
      this.batch = new float[training.batchSize() * data.store().dim()];
    }

    TrainingOutcome run(long stepsPerEpoch) throws IOException {
      long steps = schedule.totalSteps();
      int batchSize = training.batchSize();
      long step = firstStep;
      StepResult last = null;
      long started = System.nanoTime();
      for (long epoch = step / stepsPerEpoch; epoch < training.epochs(); epoch++) {
        long epochEnd = (epoch + 1) * stepsPerEpoch;
        try (BatchReader reader = data.store().reader(data.rows(), batchSize,
            Seeds.derive(seed, SHUFFLE_STREAM, epoch), true)) {
          reader.skip(step - epoch * stepsPerEpoch);
          while (step < epochEnd) {
            if (reader.next(batch) != batchSize) {
              throw new IllegalStateException("epoch " + epoch + " ran out of rows at step " + step);
            }
            last = step(step);
            step++;
            FaultInjection.point("train.step");
            report(step, last);
            if (step < steps && checkpointDue(step)) {
              checkpoints.write(state(), curve,
                  ResumeState.at(step, steps, stepsPerEpoch, collapse.state()));
              lastCheckpoint = System.nanoTime();
            }
          }
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      return new TrainingOutcome(state(), step,
          step * batchSize, firstStep, seconds, last, backend.name(), backend.device(), curve, collapse.warning());
    }

    private TrainingState state() {
      return new TrainingState(backend.parameters(), backend.adamState(), inputScale, backend.ruleState());
    }

    /** One optimisation step (0-based {@code step}) on {@link #batch}. */
    private StepResult step(long step) {
      for (int i = 0; i < batch.length; i++) {
        batch[i] *= scale;
      }
      double lr = schedule.learningRate(step);
      double l1 = schedule.l1Coefficient(step);
      StepResult r = backend.step(batch, training.batchSize(), new StepInput(lr, l1));
      if (!Double.isFinite(r.loss()) || !Double.isFinite(r.gradNorm())) {
        throw new IllegalStateException("training diverged at step " + step + ": loss=" + r.loss() + ", grad norm="
            + r.gradNorm() + "; lower training.lr");
      }
      if (step % training.logEvery() == 0 || step == schedule.totalSteps() - 1) {
        curve.add(step, (step + 1) * training.batchSize(), r, lr, l1);
      }
      collapse.afterStep(step, r, batch, backend);
      return r;
    }

    private boolean checkpointDue(long step) {
      return training.checkpointEvery() == TrainingSpec.CHECKPOINT_BY_TIME
          ? System.nanoTime() - lastCheckpoint >= CHECKPOINT_NANOS
          : step % training.checkpointEvery() == 0;
    }

    /**
     * A progress line when one is due. The loss and mse are the batch's in the scaled space the SAE trains in (inputs
     * s·x); the mse on x, the scale evaluation reports it in, is that divided by s² (x − x̂ = (s·x − s·x̂) / s), an
     * estimate from one training batch.
     */
    private void report(long done, StepResult r) {
      if (progress.update(done)) {
        log.accept(String.format("step %d/%d (%s) | %,.0f tok/s | on s·x: loss %.5g, mse %.5g | mse on x ≈ %.5g | "
                + "L0 %.1f | %s", done, schedule.totalSteps(), progress.percent(done),
            progress.rate() * training.batchSize(), r.loss(), r.mse(), r.mse() / (inputScale * inputScale), r.l0(),
            progress.eta()));
      }
    }
  }
}
