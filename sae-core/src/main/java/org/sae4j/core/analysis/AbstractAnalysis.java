package org.sae4j.core.analysis;

import java.util.Objects;
import org.sae4j.core.descriptor.AnalysisSettings;
import org.sae4j.core.descriptor.DataSpec;

/**
 * What most analyses share: a fixed name, stage and required data source, and whether they run by default for data
 * of that source. Subclasses give these to the constructor and implement the rest of {@link Analysis}.
 *
 * @param <S> the settings record
 */
public abstract class AbstractAnalysis<S extends AnalysisSettings> implements Analysis<S> {
  private final String name;
  private final Stage stage;
  private final String source;
  private final boolean byDefault;

  /**
   * @param source the {@code data.source} it needs, or null for any
   * @param byDefault whether it runs without being named for data of {@code source} (of any source when null)
   */
  protected AbstractAnalysis(String name, Stage stage, String source, boolean byDefault) {
    this.name = Objects.requireNonNull(name, "name");
    this.stage = Objects.requireNonNull(stage, "stage");
    this.source = source;
    this.byDefault = byDefault;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Stage stage() {
    return stage;
  }

  @Override
  public final String requiredSource() {
    return source;
  }

  @Override
  public final boolean runsByDefault(DataSpec data) {
    return byDefault && (source == null || source.equals(data.source()));
  }
}
