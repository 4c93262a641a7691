package org.sae4j.core.run;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How far a run got. run.json is rewritten at the start of each stage with the stage's status, so a stage that was
 * killed, ran out of memory or hit a full disk leaves a record that says so, and nothing downstream trusts it.
 */
public enum RunStatus {
  /** Training started and has not finished: no checkpoint of this run can be trusted yet. */
  TRAINING("training"),
  /** Training finished and the checkpoint is recorded; not evaluated (or an evaluation was started again). */
  TRAINED("trained"),
  /** Evaluated: the run is complete, and its metrics belong to its checkpoint and data. */
  COMPLETE("complete");

  private final String json;

  RunStatus(String json) {
    this.json = json;
  }

  /** The value written in run.json. */
  @JsonValue
  public String json() {
    return json;
  }
}
