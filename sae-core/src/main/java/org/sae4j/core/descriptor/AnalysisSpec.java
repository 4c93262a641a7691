package org.sae4j.core.descriptor;

import java.util.Objects;
import org.sae4j.core.analysis.Analysis;

/**
 * One analysis a descriptor runs, with its validated settings: an entry of the {@code analysis} section, or an
 * analysis that runs by default for the descriptor's data with default settings.
 *
 * @param analysis the analysis
 * @param settings what its section says, defaults applied
 * @param <S> the analysis's settings type
 */
public record AnalysisSpec<S extends AnalysisSettings>(Analysis<S> analysis, S settings) {

  public AnalysisSpec {
    Objects.requireNonNull(analysis, "analysis");
    Objects.requireNonNull(settings, "settings");
  }

  /** The analysis's name, its key in the {@code analysis} section. */
  public String name() {
    return analysis.name();
  }
}
