package org.sae4j.maven;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How an engine fork ended.
 *
 * @param exitCode the process exit code: 0 ok, 2 invalid input (already explained by the engine), else failure
 * @param logFile the file holding the fork's whole output, or null for a fork that keeps no log (its output is in
 *     Maven's)
 * @param classVersionTooNew whether the fork died with {@code UnsupportedClassVersionError}, i.e. its JVM is
 *     older than the one the engine was compiled for
 */
public record ForkResult(int exitCode, Path logFile, boolean classVersionTooNew) {

  /** The engine's exit code for a descriptor or data set it rejected (its message is already printed). */
  public static final int INVALID_INPUT = 2;

  /**
   * Why the fork counts as failed, as one message naming the goal, the exit code and the log; empty when it
   * succeeded.
   *
   * @param goal the goal that ran the fork, e.g. {@code sae:train}
   * @param java the executable the fork ran with
   */
  public Optional<String> failure(String goal, Path java) {
    if (exitCode == 0) {
      return Optional.empty();
    }
    if (classVersionTooNew) {
      return Optional.of(goal + " failed: " + java + " is older than Java 25, which the sae4j engine needs"
          + " (UnsupportedClassVersionError, exit code " + exitCode + "); point sae.jvm at a Java 25 executable"
          + " or run Maven on Java 25. Log: " + where());
    }
    if (exitCode == INVALID_INPUT) {
      return Optional.of(goal + " failed: the engine rejected its input (exit code 2); the reason is logged"
          + " above" + (logFile == null ? "" : " and in " + logFile));
    }
    return Optional.of(goal + " failed: the engine exited with code " + exitCode + "; see " + where());
  }

  private String where() {
    return logFile == null ? "the output above" : logFile.toString();
  }
}
