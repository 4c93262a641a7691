package org.sae4j.core.run;

import java.io.IOException;

/**
 * A run record that cannot be trusted for what was asked: missing, unfinished, from another descriptor, data or
 * checkpoint. The message names what differs and what to run.
 */
public final class StaleRunException extends IOException {
  public StaleRunException(String message) {
    super(message);
  }

  public StaleRunException(String message, Throwable cause) {
    super(message, cause);
  }
}
