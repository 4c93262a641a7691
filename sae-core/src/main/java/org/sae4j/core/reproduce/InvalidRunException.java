package org.sae4j.core.reproduce;

import java.io.IOException;

/**
 * A run directory that cannot be reproduced as given: it does not exist, or {@code run.json}, the resolved
 * descriptor or a checkpoint file is missing or unreadable. The message names the path. The CLI exits with code 2
 * (invalid input) for it.
 */
public final class InvalidRunException extends IOException {
  private static final long serialVersionUID = 1L;

  public InvalidRunException(String message) {
    super(message);
  }

  public InvalidRunException(String message, Throwable cause) {
    super(message, cause);
  }
}
