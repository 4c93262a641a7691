package org.sae4j.core.descriptor;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.sae4j.harvest.Precision;

/** A resolved descriptor as nested maps of plain values, keys in documentation order: the input of hashing and YAML. */
final class DescriptorTree {
  /** The one training key that {@link DescriptorHash#of} leaves out. */
  static final String CHECKPOINT_EVERY = "checkpointEvery";

  private DescriptorTree() {
  }

  /** The whole descriptor except {@code file}; {@code path} renders resolved paths. */
  static Map<String, Object> of(Descriptor d, Function<Path, String> path) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", d.name());
    m.put("description", d.description());
    m.put("seed", d.seed());
    m.put("backend", d.backend());
    m.put("data", data(d.data(), path));
    m.put("sae", sae(d.sae()));
    m.put("training", training(d.training(), d.sae().architecture()));
    m.put("evaluation", Map.of("maxTokens", d.evaluation().maxTokens()));
    Map<String, Object> analyses = new LinkedHashMap<>();
    for (AnalysisSpec<?> a : d.analyses()) {
      if (AnalysisReader.inIdentity(a, d.data(), d.file())) {
        analyses.put(a.name(), a.settings().resolved());
      }
    }
    if (!analyses.isEmpty()) {
      m.put("analysis", analyses);
    }
    Map<String, Object> goals = new LinkedHashMap<>();
    for (Goal g : d.goals()) {
      goals.put(g.metric(), g.expression());
    }
    m.put("goals", goals);
    return m;
  }

  static Map<String, Object> data(DataSpec data, Function<Path, String> path) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", data.source());
    if (data.tokens() >= 0) {
      m.put("tokens", data.tokens());
    }
    m.put("evalTokens", data.evalTokens());
    switch (data) {
      case SyntheticData s -> {
        m.put("dim", s.dim());
        m.put("trueFeatures", s.trueFeatures());
        m.put("meanActive", decimal(s.meanActive()));
        m.put("frequencyExponent", decimal(s.frequencyExponent()));
        m.put("magnitudeMin", decimal(s.magnitudeMin()));
        m.put("magnitudeMax", decimal(s.magnitudeMax()));
        m.put("noise", decimal(s.noise()));
      }
      case ArrowData a -> {
        m.put("path", path.apply(a.path()));
        // Written only when not the default, so that the hashes of descriptors without these keys stay the same
        // (their data sets and runs keep their directories).
        if (!ArrowData.DEFAULT_COLUMN.equals(a.column())) {
          m.put("column", a.column());
        }
        if (a.tokenColumn() != null) {
          m.put("tokenColumn", a.tokenColumn());
        }
        if (!a.skipPositions().isEmpty()) {
          m.put("skipPositions", a.skipPositions());
        }
        if (!a.skipTokenIds().isEmpty()) {
          m.put("skipTokenIds", a.skipTokenIds());
        }
        if (!ArrowData.AUTO_DTYPE.equals(a.dtype())) {
          m.put("dtype", a.dtype());
        }
      }
      case HarvestData h -> {
        m.put("model", h.model());
        m.put("hook", h.hook());
        m.put("corpus", h.corpus().stream().map(path).toList());
        m.put("window", h.window());
        // Only when not the default, so that float32 descriptors keep the hash they had before the key existed.
        if (h.precision() != Precision.FP32) {
          m.put("precision", h.precision().key());
        }
      }
    }
    return m;
  }

  /**
   * A double as its shortest decimal, written plainly (0.00005, not 5.0E-5): the text then depends neither on the
   * JSON library's float formatting nor on trailing zeros, and parses back to the same double.
   */
  static BigDecimal decimal(double x) {
    BigDecimal d = BigDecimal.valueOf(x).stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0) : d;
  }

  private static Map<String, Object> sae(SaeSpec s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("architecture", s.architecture().name());
    m.put("features", s.features());
    m.put("decoderInitNorm", decimal(s.decoderInitNorm()));
    m.putAll(s.architecture().keys());
    return m;
  }

  /** The training keys; the sparsity ones only for an architecture that has a penalty (relu-l1). */
  private static Map<String, Object> training(TrainingSpec t, Architecture architecture) {
    boolean penalised = architecture instanceof Architecture.ReluL1;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("batchSize", t.batchSize());
    m.put("lr", decimal(t.lr()));
    if (penalised) {
      m.put("l1", decimal(t.l1()));
    }
    m.putAll(architecture.trainingKeys());
    m.put("lrDecayFraction", decimal(t.lrDecayFraction()));
    if (penalised) {
      m.put("l1WarmupFraction", decimal(t.l1WarmupFraction()));
    }
    m.put("gradClip", decimal(t.gradClip()));
    m.put("adamBeta1", decimal(t.adamBeta1()));
    m.put("adamBeta2", decimal(t.adamBeta2()));
    m.put("adamEpsilon", decimal(t.adamEpsilon()));
    m.put("epochs", t.epochs());
    m.put("logEvery", t.logEvery());
    m.put("scaleSampleTokens", t.scaleSampleTokens());
    if (t.checkpointEvery() != TrainingSpec.CHECKPOINT_BY_TIME) {
      m.put(CHECKPOINT_EVERY, t.checkpointEvery());
    }
    m.put("onCollapse", t.onCollapse().key());
    if (t.tokens() != TrainingSpec.ALL_TOKENS) {
      m.put("tokens", t.tokens()); // absent when unset, so descriptors without it keep their hash
    }
    return m;
  }
}
