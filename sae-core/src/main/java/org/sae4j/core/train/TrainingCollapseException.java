package org.sae4j.core.train;

/** Training stopped because it collapsed ({@code training.onCollapse: stop}); the CLI exits with status 1. */
public final class TrainingCollapseException extends IllegalStateException {
  private final transient Collapse collapse;

  TrainingCollapseException(Collapse collapse) {
    super(collapse.message());
    this.collapse = collapse;
  }

  /** What was detected. */
  public Collapse collapse() {
    return collapse;
  }
}
