package org.sae4j.core.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.sae4j.harvest.HookPoint;
import org.sae4j.harvest.TokenWindow;
import org.sae4j.harvest.TransformerModel;

/**
 * Steers the model with one feature: at every content token of a prompt the feature is clamped to c·a_max (a_max its
 * largest activation on held-out tokens) with the reconstruction error kept, x' = SAE_clamp(x) + (x − SAE(x)), with
 * SAE_clamp decoded from the clamped codes and SAE(x) the backend's reconstruction (for the linear decoder x' = x +
 * (c·a_max/‖d_j‖ − f_j(x))·d_j, but adding up the terms lets the identity check test them); the rest of the model runs
 * on x'. For each
 * multiplier it reports the cosine of the steered pooled embedding to the clean one, the change of its mean cosine
 * to the embeddings of the feature's own top contexts, and its nearest neighbours among held-out probe windows (their
 * first tokens). The
 * identity check clamps the feature to its own activation at each token and measures how far the output moves.
 */
final class Steering {
  private static final int SNIPPET_BEFORE = 12;
  private static final int SNIPPET_AFTER = 6;
  /**
   * Probe windows are compared by the embedding of their first tokens only: what a neighbour's text shows, and a
   * quarter of the cost of whole 128-token windows.
   */
  private static final int PROBE_TOKENS = 24;

  private final TransformerModel model;
  private final HookPoint hook;
  private final Dictionary dictionary;
  private final TopContextsData top;
  private final int contexts;
  private final int neighbours;
  private final List<TokenWindow> probes = new ArrayList<>();
  private float[][] probeEmbeddings;

  /**
   * @param contexts top contexts of the feature compared with
   * @param neighbours nearest probe windows listed
   * @param probeCount held-out probe windows searched for neighbours (at most those recorded)
   */
  Steering(TransformerModel model, HookPoint hook, Dictionary dictionary, TopContextsData top, int contexts,
           int neighbours, int probeCount) {
    this.model = model;
    this.hook = hook;
    this.dictionary = dictionary;
    this.top = top;
    this.contexts = contexts;
    this.neighbours = neighbours;
    top.probes().entrySet().stream().limit(probeCount).forEach(e -> probes.add(model.window(e.getKey(),
        Arrays.copyOf(e.getValue(), Math.min(e.getValue().length, PROBE_TOKENS)))));
  }

  /** A probe window near an embedding. */
  record Neighbour(long sequence, double cosine, String text) {
  }

  /**
   * One multiplier.
   *
   * @param clamp the activation the feature is clamped to, c·a_max
   * @param cosineToClean cos(e_steered, e_clean)
   * @param contextSimilarity mean cos(e_steered, e_context) over the feature's top contexts
   * @param contextChange contextSimilarity minus the clean run's
   */
  record Step(double multiplier, double clamp, double cosineToClean, double contextSimilarity, double contextChange,
              List<Neighbour> neighbours) {
  }

  /**
   * Steering one feature on one prompt.
   *
   * @param maxActivation a_max
   * @param identityError the largest |difference| of the pooled embedding when the feature is clamped to its own
   *     activation, against the clean run
   * @param signs whether the context change is negative for every negative multiplier and positive for every
   *     positive one
   * @param monotone whether, besides, it rises strictly with the multiplier
   */
  record Result(int feature, String prompt, double maxActivation, double identityError, double cleanContextSimilarity,
                List<String> contexts, List<Neighbour> cleanNeighbours, List<Step> steps, boolean signs,
                boolean monotone) {
  }

  /**
   * @throws IllegalArgumentException when the feature does not exist or never fired on held-out tokens
   */
  Result steer(int feature, String prompt, List<Double> multipliers) {
    double norm = dictionary.norm(feature);
    TopContextsData.Feature record = top.feature(feature).orElseThrow(() -> new IllegalArgumentException("feature "
        + feature + " never fired on the held-out tokens, so it has no largest activation to steer with"));
    double aMax = record.maxActivation();
    List<TopContextsData.Context> shown = record.contexts().stream().limit(contexts).toList();
    List<TokenWindow> snippets = new ArrayList<>();
    for (int k = 0; k < shown.size(); k++) {
      snippets.add(model.window(k, top.snippet(shown.get(k), SNIPPET_BEFORE, SNIPPET_AFTER)));
    }
    float[][] contextEmbeddings = model.pooledEmbeddings(snippets);
    PromptCodes p = PromptCodes.of(model, hook, dictionary, 0, prompt);
    float[] clean = model.pooledEmbeddings(List.of(p.window()))[0];
    double cleanSimilarity = meanCosine(clean, contextEmbeddings);

    double[] own = new double[p.tokens()];
    for (int t = 0; t < own.length; t++) {
      own[t] = Dictionary.code(p.codes(), t, feature) * norm;
    }
    float[] reconstruction = dictionary.reconstruct(p.rows());
    float[] identity = steered(p, reconstruction, feature, norm, own);
    double identityError = 0;
    for (int k = 0; k < clean.length; k++) {
      identityError = Math.max(identityError, Math.abs(identity[k] - clean[k]));
    }

    List<Step> steps = new ArrayList<>();
    for (double c : multipliers.stream().sorted().toList()) {
      double[] clamp = new double[p.tokens()];
      Arrays.fill(clamp, c * aMax);
      float[] e = steered(p, reconstruction, feature, norm, clamp);
      double similarity = meanCosine(e, contextEmbeddings);
      steps.add(new Step(c, c * aMax, DownstreamFidelity.cosine(e, clean), similarity, similarity - cleanSimilarity,
          nearest(e)));
    }
    List<String> contextTexts = shown.stream().map(c -> top.text(c, model::token, SNIPPET_BEFORE, SNIPPET_AFTER))
        .toList();
    return new Result(feature, prompt, aMax, identityError, cleanSimilarity, contextTexts, nearest(clean), steps,
        signs(steps), signs(steps) && monotone(steps));
  }

  /**
   * The pooled embedding with the feature clamped to {@code activation[t]} at each content token t: SAE_clamp(x_t) +
   * (x_t − SAE(x_t)), {@code reconstruction} holding SAE(x_t).
   */
  private float[] steered(PromptCodes p, float[] reconstruction, int feature, double norm, double[] activation) {
    int n = dictionary.dim();
    float[] rows = new float[p.rows().length];
    for (int t = 0; t < p.tokens(); t++) {
      double[] clamped = dictionary.decode(p.codes(), t, feature, activation[t] / norm);
      for (int j = 0; j < n; j++) {
        int k = t * n + j;
        rows[k] = (float) (clamped[j] + ((double) p.rows()[k] - reconstruction[k]));
      }
    }
    return model.pooledEmbeddings(List.of(p.window()), hook, (first, count, x) -> rows)[0];
  }

  /** Whether every step's context change has the sign of its multiplier. */
  static boolean signs(List<Step> steps) {
    return signs(multipliers(steps), changes(steps));
  }

  /** Whether the context change rises strictly with the multiplier (steps sorted by multiplier). */
  static boolean monotone(List<Step> steps) {
    return monotone(changes(steps));
  }

  /** Whether every {@code change[k]} has the sign of {@code multiplier[k]}. */
  static boolean signs(double[] multiplier, double[] change) {
    for (int k = 0; k < change.length; k++) {
      if (Math.signum(change[k]) != Math.signum(multiplier[k])) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code change} rises strictly (its multipliers sorted ascending). */
  static boolean monotone(double[] change) {
    for (int k = 1; k < change.length; k++) {
      if (!(change[k] > change[k - 1])) {
        return false;
      }
    }
    return true;
  }

  private static double[] multipliers(List<Step> steps) {
    return steps.stream().mapToDouble(Step::multiplier).toArray();
  }

  private static double[] changes(List<Step> steps) {
    return steps.stream().mapToDouble(Step::contextChange).toArray();
  }

  private static double meanCosine(float[] e, float[][] others) {
    return others.length == 0 ? Double.NaN
        : Arrays.stream(others).mapToDouble(o -> DownstreamFidelity.cosine(e, o)).average().orElseThrow();
  }

  private List<Neighbour> nearest(float[] e) {
    if (probeEmbeddings == null) {
      probeEmbeddings = probes.isEmpty() ? new float[0][] : model.pooledEmbeddings(probes);
    }
    return IntStream.range(0, probes.size()).boxed()
        .sorted(Comparator.comparingDouble((Integer k) -> -DownstreamFidelity.cosine(e, probeEmbeddings[k]))
            .thenComparingInt(k -> k))
        .limit(neighbours)
        .map(k -> new Neighbour(probes.get(k).sequence(), DownstreamFidelity.cosine(e, probeEmbeddings[k]),
            text(probes.get(k))))
        .toList();
  }

  private String text(TokenWindow w) {
    return TokenText.of(w.ids(), 1, w.contentLength() + 1, model::token) + " …";
  }
}
