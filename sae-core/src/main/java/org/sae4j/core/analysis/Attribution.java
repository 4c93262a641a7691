package org.sae4j.core.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.sae4j.core.analysis.PromptCodes.FeatureOnPrompt;
import org.sae4j.harvest.HookGradient;
import org.sae4j.harvest.HookPoint;
import org.sae4j.harvest.TokenWindow;
import org.sae4j.harvest.TransformerModel;

/**
 * Each active feature's causal effect on a scalar output M = cos(e, e_target) (e the prompt's pooled embedding,
 * e_target the target text's), three ways, for every (prompt, feature active on some token of it) pair:
 * <ul>
 *   <li>ablation, exact: M with f_i set to 0 at every token and the reconstruction error kept (x'_t = x_t − f_i,t·d_i),
 *       minus the clean M; one forward pass per feature, batched;</li>
 *   <li>attribution, its first-order estimate from one backward pass: −Σ_t f_i,t·(d_i · ∂M/∂x_t), the gradient
 *       back-propagated through the blocks after the hook;</li>
 *   <li>activation: Σ_t f_i,t·‖d_i‖, the feature's total activation on the prompt.</li>
 * </ul>
 */
final class Attribution {
  private final TransformerModel model;
  private final HookPoint hook;
  private final Dictionary dictionary;

  Attribution(TransformerModel model, HookPoint hook, Dictionary dictionary) {
    this.model = model;
    this.hook = hook;
    this.dictionary = dictionary;
  }

  /** One (prompt, feature) pair. */
  record Pair(int prompt, int feature, double activation, double attribution, double ablation) {
  }

  /**
   * Everything measured.
   *
   * @param clean M of each prompt
   * @param activationSeconds reading the hook and encoding every prompt
   * @param attributionSeconds the backward pass and the dot products
   * @param ablationSeconds every ablated forward pass
   */
  record Result(List<String> prompts, List<Double> clean, List<Pair> pairs, double activationSeconds,
                double attributionSeconds, double ablationSeconds) {
  }

  Result measure(List<String> prompts, String target) {
    float[] targetEmbedding = model.pooledEmbeddings(List.of(model.tokenise(0, target)))[0];
    long t0 = System.nanoTime();
    List<PromptCodes> codes = new ArrayList<>();
    List<Map<Integer, FeatureOnPrompt>> features = new ArrayList<>();
    for (int p = 0; p < prompts.size(); p++) {
      PromptCodes c = PromptCodes.of(model, hook, dictionary, p, prompts.get(p));
      codes.add(c);
      features.add(c.features(dictionary));
    }
    long t1 = System.nanoTime();
    HookGradient gradient = model.gradient(codes.stream().map(PromptCodes::window).toList(), hook, targetEmbedding);
    List<double[]> attributions = new ArrayList<>();
    int firstRow = 0;
    for (int p = 0; p < prompts.size(); p++) {
      attributions.add(attributions(codes.get(p), features.get(p), gradient, firstRow));
      firstRow += codes.get(p).tokens();
    }
    long t2 = System.nanoTime();
    List<Pair> pairs = new ArrayList<>();
    List<Double> clean = new ArrayList<>();
    for (int p = 0; p < prompts.size(); p++) {
      PromptCodes c = codes.get(p);
      double cleanM = DownstreamFidelity.cosine(model.pooledEmbeddings(List.of(c.window()))[0], targetEmbedding);
      clean.add(cleanM);
      List<Integer> ids = new ArrayList<>(features.get(p).keySet());
      double[] ablated = ablated(c, ids, targetEmbedding);
      for (int k = 0; k < ids.size(); k++) {
        pairs.add(new Pair(p, ids.get(k), features.get(p).get(ids.get(k)).sum(), attributions.get(p)[k],
            ablated[k] - cleanM));
      }
    }
    long t3 = System.nanoTime();
    return new Result(prompts, clean, pairs, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
  }

  /** −Σ_t f_i,t (d_i · g_t) for each feature of the prompt, in key order. */
  private double[] attributions(PromptCodes c, Map<Integer, FeatureOnPrompt> features, HookGradient g,
                                int firstRow) {
    int n = dictionary.dim();
    double[] out = new double[features.size()];
    int k = 0;
    for (FeatureOnPrompt f : features.values()) {
      float[] d = dictionary.direction(f.feature);
      double sum = 0;
      for (int t = 0; t < c.tokens(); t++) {
        double code = Dictionary.code(c.codes(), t, f.feature);
        if (code == 0) {
          continue;
        }
        double dot = 0;
        int base = (firstRow + t) * n;
        for (int j = 0; j < n; j++) {
          dot += (double) d[j] * g.gradient()[base + j];
        }
        sum -= code * dot;
      }
      out[k++] = sum;
    }
    return out;
  }

  /** M with each listed feature removed at every token (error kept), one window per feature. */
  private double[] ablated(PromptCodes c, List<Integer> ids, float[] target) {
    int n = dictionary.dim();
    List<TokenWindow> copies = Collections.nCopies(ids.size(), c.window());
    float[][] embeddings = model.pooledEmbeddings(copies, hook, (first, count, rows) -> {
      float[] out = new float[rows.length];
      int size = c.rows().length;
      for (int w = 0; w < count; w++) {
        int feature = ids.get(first + w);
        float[] d = dictionary.direction(feature);
        for (int t = 0; t < c.tokens(); t++) {
          double code = Dictionary.code(c.codes(), t, feature);
          for (int j = 0; j < n; j++) {
            out[w * size + t * n + j] = (float) (c.rows()[t * n + j] - code * d[j]);
          }
        }
      }
      return out;
    });
    double[] m = new double[ids.size()];
    for (int k = 0; k < m.length; k++) {
      m[k] = DownstreamFidelity.cosine(embeddings[k], target);
    }
    return m;
  }
}
