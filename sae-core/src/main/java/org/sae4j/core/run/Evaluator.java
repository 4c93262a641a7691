package org.sae4j.core.run;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.sae4j.core.analysis.HeldOutObserver;
import org.sae4j.core.eval.EvaluationAccumulator;
import org.sae4j.core.eval.EvaluationResult;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.store.ActivationStore;
import org.sae4j.store.FaultInjection;
import org.sae4j.store.Progress;
import org.sae4j.store.RowSet;

/**
 * Streams held-out rows through a trained SAE ({@link HeldOutPass}) and accumulates the metrics of docs/metrics.md in the original
 * scale; feature norms are those of the folded SAE (‖W_d,i‖ / s). The evaluation analyses observe the same pass.
 *
 * <p>Fault point {@code evaluate.batch} ({@link FaultInjection}) is passed after each evaluated batch, once every
 * observer has seen it. A progress line (tokens done, rate and time left over a recent window) is logged after the
 * first batch and then every {@value #PROGRESS_SECONDS} s.
 */
public final class Evaluator {
  /** Seconds between two progress lines. */
  static final int PROGRESS_SECONDS = 5;

  private Evaluator() {
  }

  /** ‖W_d,i‖ of the folded SAE, the one that works on original-scale activations: ‖W_d,i‖ / s. */
  public static double[] originalNorms(SaeParameters scaled, double inputScale) {
    double[] norms = new double[scaled.features()];
    for (int i = 0; i < norms.length; i++) {
      norms[i] = scaled.decoderNorm(i) / inputScale;
    }
    return norms;
  }

  /**
   * @param backend holds the trained (scaled-space) parameters; only {@code forward} is used
   * @param inputScale s
   * @param maxRows evaluate at most this many rows of {@code eval}
   * @param batchSize rows per forward pass (at most the backend's {@code maxBatchRows})
   * @param observers see every batch after the metrics do (the evaluation analyses); may be empty
   * @param log receives the progress lines
   */
  public static EvaluationResult evaluate(Backend backend, double inputScale, ActivationStore store, RowSet eval,
                                          long maxRows, int batchSize, List<HeldOutObserver> observers,
                                          Consumer<String> log) throws IOException {
    double[] norms = originalNorms(backend.parameters(), inputScale);
    EvaluationAccumulator acc = new EvaluationAccumulator(store.dim(), norms.length, norms);
    long total = Math.max(1, Math.min(maxRows, eval.rows()));
    Progress progress = new Progress(total, Duration.ofSeconds(PROGRESS_SECONDS));
    long[] done = {0};
    log.accept(String.format("evaluating on %,d held-out tokens%s", total,
        observers.isEmpty() ? "" : " (with " + observers.size() + " analysis observer(s))"));
    List<HeldOutObserver> all = new ArrayList<>();
    all.add(b -> acc.add(b.activations(), b.reconstruction(), b.rows(), b.codes()));
    all.addAll(observers);
    all.add(b -> FaultInjection.point("evaluate.batch"));
    all.add(b -> {
      done[0] += b.rows();
      if (progress.update(done[0])) {
        log.accept(String.format("evaluated %,d/%,d held-out tokens (%s) | %,.0f tok/s | %s", done[0], total,
            progress.percent(done[0]), progress.rate(), progress.eta()));
      }
    });
    if (HeldOutPass.run(backend, inputScale, store, eval, maxRows, batchSize, all) == 0) {
      throw new IOException("the evaluation split is empty: set data.evalTokens > 0");
    }
    return acc.result();
  }
}
