package org.sae4j.core.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.sae4j.core.analysis.DownstreamFidelity.FidelityResult;
import org.sae4j.core.descriptor.HarvestData;
import org.sae4j.harvest.EncoderModel;
import org.sae4j.harvest.HookPoint;
import org.sae4j.harvest.TokenWindow;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.SparseCodes;
import org.sae4j.store.AtomicFiles;

/**
 * The real-model part of an evaluation: downstream fidelity on held-out windows and the top-contexts report.
 */
public final class HarvestAnalysis {
  /** Windows re-run through the model for fidelity. */
  static final int FIDELITY_WINDOWS = 256;
  /** Features shown in the top-contexts report. */
  static final int REPORTED_FEATURES = 40;

  private HarvestAnalysis() {
  }

  /**
   * Measures fidelity on the first evaluated windows and writes the top-contexts report.
   *
   * @param backend the trained SAE (scaled space)
   * @param inputScale s
   * @param top the top contexts gathered during evaluation
   * @param evaluatedTokens tokens the evaluation saw (for firing rates)
   * @param report where the Markdown report goes
   */
  public static FidelityResult analyse(HarvestData data, Backend backend, double inputScale, TopContexts top,
                                       long evaluatedTokens, Path report, Consumer<String> log) throws IOException {
    try (EncoderModel model = EncoderModel.load(data.model())) {
      HookPoint hook = model.hook(data.hook());
      List<TokenWindow> windows = new ArrayList<>();
      top.windowsFromStart(FIDELITY_WINDOWS).entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> windows.add(model.window(e.getKey(), e.getValue())));
      long start = System.nanoTime();
      FidelityResult fidelity = DownstreamFidelity.measure(model, hook, windows,
          rows -> reconstruct(backend, inputScale, rows));
      log.accept(String.format("fidelity on %d held-out windows: cos(sae, clean) %.4f, cos(zero, clean) %.4f, "
              + "recovered %.4f (%.1f s)", fidelity.windows(), fidelity.cosine(), fidelity.cosineZeroAblation(),
          fidelity.recovered(), (System.nanoTime() - start) / 1e9));
      int[] features = top.featuresByActivation(REPORTED_FEATURES);
      AtomicFiles.writeString(report, top.report(features, id -> model.tokenizer().token(id), evaluatedTokens, 12, 6));
      log.accept("top activating contexts of " + features.length + " features: " + report);
      return fidelity;
    }
  }

  /** The SAE reconstruction of rows given in the original scale, in the original scale. */
  static float[] reconstruct(Backend backend, double inputScale, float[] rows) {
    int dim = backend.inputDim();
    int count = rows.length / dim;
    int chunk = Math.max(1, Math.min(count, 4096));
    float[] scaled = new float[chunk * dim];
    float[] out = new float[rows.length];
    float[] part = new float[chunk * dim];
    SparseCodes codes = new SparseCodes();
    float s = (float) inputScale;
    for (int first = 0; first < count; first += chunk) {
      int n = Math.min(chunk, count - first);
      for (int k = 0; k < n * dim; k++) {
        scaled[k] = rows[first * dim + k] * s;
      }
      backend.forward(scaled, n, part, codes);
      for (int k = 0; k < n * dim; k++) {
        out[first * dim + k] = part[k] / s;
      }
    }
    return out;
  }
}
