package org.sae4j.core.analysis;

import java.io.IOException;
import java.util.List;
import org.sae4j.core.descriptor.AnalysisSection;
import org.sae4j.core.descriptor.AnalysisSettings;
import org.sae4j.core.descriptor.DataSpec;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.MetricKey;

/**
 * Something measured on a finished, verified run: top contexts, downstream fidelity, feature search, steering,
 * attribution. An analysis has a name (its key in the descriptor's {@code analysis} section and the directory
 * {@code <run>/analysis/<name>/} its outputs go to), reads and validates its own section, declares the metrics it
 * records in run.json (so that goals can name them), and runs on {@link AnalysisInputs}: the run's descriptor,
 * record, dictionary, data set and model.
 *
 * <p>Analyses of stage {@link Stage#EVALUATION} run inside {@code evaluate} and may observe its one streaming pass
 * over the held-out tokens; those of stage {@link Stage#ANALYZE} run in {@code analyze} ({@code sae:analyze}) on a
 * complete run, with a pass of their own over the held-out tokens only when one of them asks for it.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/org.sae4j.core.analysis.Analysis}. They need a public no-argument constructor and must be
 * stateless (one instance serves every run); per-run state lives in the {@link AnalysisRun} that {@link #start}
 * returns.
 *
 * @param <S> the settings record {@link #read} returns
 */
public interface Analysis<S extends AnalysisSettings> {

  /** Its key in the {@code analysis} section and its output directory's name: {@code [a-z][A-Za-z0-9]*}. */
  String name();

  /** When it runs. */
  Stage stage();

  /**
   * The {@code data.source} it needs (e.g. {@code harvest} for anything that runs the model), or null when any will
   * do. A descriptor naming it with other data is rejected at its section.
   */
  default String requiredSource() {
    return null;
  }

  /** Whether it runs, with its default settings, even when the descriptor does not name it. */
  default boolean runsByDefault(DataSpec data) {
    return false;
  }

  /**
   * The metrics it records: {@code AnalysisMetric}s with keys {@code analysis.<name>.<metric>}, or, for the
   * evaluation's own analyses, {@code GoalMetric}s such as {@code fidelity.recovered}. Goals may name exactly these;
   * a result holding any other key is an error.
   */
  List<MetricKey> metrics();

  /**
   * Reads and validates its section ({@code analysis.<name>}; empty when the descriptor does not name it), applying
   * defaults. Every error names the file, key path and line: use {@link AnalysisSection}'s accessors and
   * {@link AnalysisSection#error}.
   *
   * @param data the descriptor's data section, for checks that depend on it
   */
  S read(AnalysisSection section, DataSpec data) throws DescriptorException;

  /**
   * Starts the analysis on a run. Cheap set-up only: the work happens while the returned run observes the held-out
   * pass and in {@link AnalysisRun#finish}.
   *
   * @throws IOException when an input it needs is missing or unreadable (the message names it)
   */
  AnalysisRun start(S settings, AnalysisInputs inputs) throws IOException;
}
