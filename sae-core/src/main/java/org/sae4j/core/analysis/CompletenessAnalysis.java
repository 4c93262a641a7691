package org.sae4j.core.analysis;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sae4j.core.analysis.completeness.CompletenessResult;
import org.sae4j.core.analysis.completeness.CompletenessSettings;
import org.sae4j.core.analysis.completeness.FeatureCompleteness;
import org.sae4j.core.analysis.completeness.WordCounts;
import org.sae4j.core.data.PreparedData;
import org.sae4j.core.descriptor.AnalysisMetric;
import org.sae4j.core.descriptor.AnalysisSection;
import org.sae4j.core.descriptor.AnalysisSettings;
import org.sae4j.core.descriptor.DataSpec;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.HarvestData;
import org.sae4j.core.descriptor.MetricKey;
import org.sae4j.core.run.Metrics;
import org.sae4j.store.BatchReader;

/**
 * {@code completeness}: which words of the corpus have a feature of their own ({@link FeatureCompleteness}),
 * observed during the evaluation's pass, against how often each word occurs in the training split (one unshuffled
 * read of its token column). Records the share of judged words that have a feature.
 */
public final class CompletenessAnalysis extends AbstractAnalysis<CompletenessAnalysis.Settings> {
  /** The analysis's name. */
  public static final String NAME = "completeness";
  static final AnalysisMetric SHARE = new AnalysisMetric(NAME, "share", "share of judged words with a feature");
  static final AnalysisMetric WORDS = new AnalysisMetric(NAME, "words", "words judged");
  private static final int READ_BATCH = 4096;

  /**
   * @param wordShare see {@link CompletenessSettings}
   * @param featureShare see {@link CompletenessSettings}
   * @param minOccurrences see {@link CompletenessSettings}
   * @param binsPerDecade see {@link CompletenessSettings}
   */
  public record Settings(double wordShare, double featureShare, int minOccurrences, int binsPerDecade)
      implements AnalysisSettings {
    @Override
    public Map<String, Object> resolved() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("wordShare", AnalysisSettings.decimal(wordShare));
      m.put("featureShare", AnalysisSettings.decimal(featureShare));
      m.put("minOccurrences", minOccurrences);
      m.put("binsPerDecade", binsPerDecade);
      return m;
    }

    /** The defaults: what {@code completeness: {}} resolves to. */
    public static Settings defaults() {
      CompletenessSettings d = CompletenessSettings.DEFAULT;
      return new Settings(d.wordShare(), d.featureShare(), d.minOccurrences(), d.binsPerDecade());
    }

    CompletenessSettings thresholds() {
      return new CompletenessSettings(wordShare, featureShare, minOccurrences, binsPerDecade);
    }
  }

  /** completeness.json: the result and its overall share. */
  public record Figures(int features, long tokens, long trainingWords, double share, CompletenessSettings settings,
                        int unseenInTraining, List<CompletenessResult.Bin> bins, List<CompletenessResult.Word> words) {
  }

  public CompletenessAnalysis() {
    super(NAME, Stage.EVALUATION, HarvestData.SOURCE, false);
  }

  @Override
  public List<MetricKey> metrics() {
    return List.of(SHARE, WORDS);
  }

  @Override
  public Settings read(AnalysisSection s, DataSpec data) throws DescriptorException {
    s.allowOnly(List.of("wordShare", "featureShare", "minOccurrences", "binsPerDecade"));
    Settings d = Settings.defaults();
    return new Settings(s.number("wordShare", d.wordShare(), 0.01, 1), s.number("featureShare", d.featureShare(), 0.01,
        1), s.integer("minOccurrences", d.minOccurrences(), 1, 1_000_000), s.integer("binsPerDecade",
        d.binsPerDecade(), 1, 20));
  }

  @Override
  public AnalysisRun start(Settings settings, AnalysisInputs inputs) throws IOException {
    var model = inputs.model();
    FeatureCompleteness acc = new FeatureCompleteness(inputs.dictionary().features(), model::token);
    return new AnalysisRun() {
      @Override
      public HeldOutObserver observer() {
        return batch -> acc.add(batch.rows(), batch.codes(), batch.tokenIds(), batch.sequences(), batch.positions());
      }

      @Override
      public AnalysisResult finish() throws IOException {
        long start = System.nanoTime();
        WordCounts train = new WordCounts(model::token);
        PreparedData data = inputs.data();
        try (BatchReader reader = data.store().reader(data.split().train(), READ_BATCH, 0, false)) {
          float[] x = new float[READ_BATCH * data.store().dim()];
          int[] ids = new int[READ_BATCH];
          long[] seqs = new long[READ_BATCH];
          int[] pos = new int[READ_BATCH];
          int rows;
          while ((rows = reader.next(x, ids, seqs, pos)) > 0) {
            train.add(rows, ids, seqs, pos);
          }
        }
        Map<String, Long> counts = train.finish();
        CompletenessResult r = acc.result(counts, settings.thresholds());
        Figures figures = new Figures(r.features(), r.tokens(), train.total(), r.share(), r.settings(),
            r.unseenInTraining(), r.bins(), r.words());
        Metrics metrics = new Metrics.Builder().put(SHARE, r.share()).put(WORDS, r.words().size()).build();
        return new AnalysisResult(metrics, figures, markdown(r), Map.of(), List.of(String.format(
            "completeness: %.1f %% of %,d words have a feature (%,d training words read in %.1f s)", 100 * r.share(),
            r.words().size(), train.total(), (System.nanoTime() - start) / 1e9)));
      }
    };
  }

  private static String markdown(CompletenessResult r) {
    StringBuilder md = new StringBuilder("# Feature completeness\n\n");
    md.append(String.format("A word has a feature when one fires on >= %.0f %% of its held-out occurrences and "
            + ">= %.0f %% of that feature's firings are on it. %,d words judged (>= %d held-out occurrences, seen in "
            + "training): **%.1f %%** have a feature.%n%n", 100 * r.settings().wordShare(),
        100 * r.settings().featureShare(), r.words().size(), r.settings().minOccurrences(), 100 * r.share()));
    md.append("| training occurrences | words | with a feature | share |\n| --- | --- | --- | --- |\n");
    for (CompletenessResult.Bin b : r.bins()) {
      md.append(String.format("| %.0f – %.0f | %d | %d | %.3f |%n", b.low(), b.high(), b.words(), b.withFeature(),
          b.share()));
    }
    md.append("\nThe most frequent words without a feature:\n\n| word | training occurrences | closest feature | "
        + "its share of the word | word's share of it |\n| --- | --- | --- | --- | --- |\n");
    for (CompletenessResult.Word w : r.frequentWithout(30)) {
      md.append(String.format("| %s | %,d | %s | %.3f | %.3f |%n", w.word(), w.trainCount(),
          w.bestFeature() < 0 ? "–" : Integer.toString(w.bestFeature()), w.wordShare(), w.featureShare()));
    }
    return md.toString();
  }
}
