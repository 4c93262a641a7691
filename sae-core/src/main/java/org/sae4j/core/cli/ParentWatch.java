package org.sae4j.core.cli;

import java.util.Optional;

/**
 * Watches the process that started the engine (the Maven JVM of a forked goal) and acts when it is gone, however
 * it ended: a {@code kill -9} of Maven runs no shutdown hook that could stop the fork, so the fork has to notice
 * by itself. {@link ProcessHandle} remembers the parent's start time, so a new process that reuses the pid does
 * not pass for the parent.
 */
final class ParentWatch {
  /** Between two looks at the parent; the fork stops within about this long of the parent's death. */
  static final long POLL_MILLIS = 250;

  private ParentWatch() {
  }

  /**
   * Starts a daemon thread that runs {@code onGone} once the process {@code pid} no longer exists (at once when
   * it is already gone).
   *
   * @return the watching thread
   */
  static Thread start(long pid, Runnable onGone) {
    Optional<ProcessHandle> parent = ProcessHandle.of(pid);
    return Thread.ofPlatform().daemon().name("sae4j-parent-watch").start(() -> {
      try {
        while (parent.isPresent() && parent.get().isAlive()) {
          Thread.sleep(POLL_MILLIS);
        }
      } catch (InterruptedException e) {
        return; // stopped on purpose: nothing to report
      }
      onGone.run();
    });
  }
}
