package org.sae4j.core.cli;

import java.util.Optional;

/**
 * Watches the process that started the engine (the Maven JVM of a forked goal) and acts when it is gone, however
 * it ended: a {@code kill -9} of Maven runs no shutdown hook that could stop the fork, so the fork has to notice
 * by itself. Two signs count: the process no longer exists ({@link ProcessHandle} remembers its start time, so a new
 * process reusing the pid does not pass for it), or, when it is this process's parent, this process has been handed
 * to another parent, which the kernel does the moment the parent dies, before anyone reaps it.
 */
final class ParentWatch {
  /** Between two looks at the parent; the fork stops within about this long of the parent's death. */
  static final long POLL_MILLIS = 250;

  private ParentWatch() {
  }

  /**
   * Starts a daemon thread that runs {@code onGone} once the process {@code pid} has ended (at once when it is
   * already gone).
   *
   * @return the watching thread
   */
  static Thread start(long pid, Runnable onGone) {
    Optional<ProcessHandle> watched = ProcessHandle.of(pid);
    boolean isParent = parentPid() == pid;
    return Thread.ofPlatform().daemon().name("sae4j-parent-watch").start(() -> {
      try {
        while (watched.isPresent() && watched.get().isAlive() && (!isParent || parentPid() == pid)) {
          Thread.sleep(POLL_MILLIS);
        }
      } catch (InterruptedException e) {
        return; // stopped on purpose: nothing to report
      }
      onGone.run();
    });
  }

  private static long parentPid() {
    return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
  }
}
