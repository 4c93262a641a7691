package org.sae4j.core.analysis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.sae4j.core.descriptor.AnalysisSettings;
import org.sae4j.core.descriptor.AnalysisSpec;
import org.sae4j.core.descriptor.MetricKey;
import org.sae4j.core.run.Metrics;

/**
 * Runs a list of analyses on one run: starts them all, hands their observers to the one pass over the held-out
 * tokens (the caller runs it), runs the one clean forward of held-out windows those that ask for it share, then
 * finishes them in order, publishing each one's outputs and collecting their
 * metrics. An analysis that records a metric it did not declare is a programming error.
 */
public final class AnalysisSession {
  private final List<Started> started;
  private final AnalysisInputs inputs;

  private record Started(AnalysisSpec<?> spec, AnalysisRun run) {
  }

  private AnalysisSession(List<Started> started, AnalysisInputs inputs) {
    this.started = started;
    this.inputs = inputs;
  }

  /** Starts every analysis of {@code specs}, in order. */
  public static AnalysisSession start(List<AnalysisSpec<?>> specs, AnalysisInputs inputs) throws IOException {
    List<Started> started = new ArrayList<>();
    for (AnalysisSpec<?> spec : specs) {
      started.add(new Started(spec, start(spec, inputs)));
    }
    return new AnalysisSession(started, inputs);
  }

  private static <S extends AnalysisSettings> AnalysisRun start(AnalysisSpec<S> spec, AnalysisInputs inputs)
      throws IOException {
    return Objects.requireNonNull(spec.analysis().start(spec.settings(), inputs), spec.name() + " started nothing");
  }

  /** The observers of the analyses that need the pass over held-out tokens, in order; empty when none does. */
  public List<HeldOutObserver> observers() {
    return started.stream().map(s -> s.run().observer()).filter(Objects::nonNull).toList();
  }

  /** Finishes every analysis, publishes its outputs and returns all their metrics. */
  public Metrics finish() throws IOException {
    forward();
    Metrics all = Metrics.NONE;
    for (Started s : started) {
      AnalysisResult result = finish(s);
      AnalysisOutputs.publish(inputs.layout(), s.spec().name(), result);
      inputs.log().accept("analysis " + s.spec().name() + ": outputs in " + inputs.layout().analysis(s.spec().name()));
      all = all.with(result.metrics());
    }
    return all;
  }

  /** Finishes every analysis and returns the results without writing anything (for exploring a run). */
  public List<AnalysisResult> results() throws IOException {
    forward();
    List<AnalysisResult> out = new ArrayList<>();
    for (Started s : started) {
      out.add(finish(s));
    }
    return out;
  }

  /**
   * The one clean forward of held-out windows that the analyses asking for it share (one batch of windows per core
   * at a time; what each sees does not depend on the number of cores).
   */
  private void forward() throws IOException {
    Map<String, ForwardObserver> observers = new LinkedHashMap<>();
    for (Started s : started) {
      ForwardObserver f = s.run().forward();
      if (f != null) {
        observers.put(s.spec().name(), f);
      }
    }
    if (!observers.isEmpty()) {
      HeldOutForward.run(observers, inputs.model(), inputs.hook(), Runtime.getRuntime().availableProcessors(),
          inputs.log());
    }
  }

  private AnalysisResult finish(Started s) throws IOException {
    long begin = System.nanoTime();
    AnalysisResult result = s.run().finish();
    String name = s.spec().name();
    Set<String> declared = s.spec().analysis().metrics().stream().map(MetricKey::key).collect(Collectors.toSet());
    for (String key : result.metrics().values().keySet()) {
      if (!declared.contains(key)) {
        throw new IllegalStateException("analysis " + name + " recorded metric " + key + ", which it does not "
            + "declare (it declares " + declared + ")");
      }
    }
    result.lines().forEach(inputs.log());
    inputs.log().accept(String.format("analysis %s finished in %.1f s", name, (System.nanoTime() - begin) / 1e9));
    return result;
  }
}
