package org.sae4j.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ParentWatchTest {

  @Test
  void acts_within_two_seconds_of_the_parents_death_and_not_before() throws Exception {
    Process parent = new ProcessBuilder("sleep", "60").start();
    CountDownLatch gone = new CountDownLatch(1);
    Thread watch = ParentWatch.start(parent.pid(), gone::countDown);
    try {
      assertThat(watch.isDaemon()).isTrue();
      assertThat(gone.await(3 * ParentWatch.POLL_MILLIS, TimeUnit.MILLISECONDS)).as("parent still alive").isFalse();
      parent.destroyForcibly().waitFor();
      long killed = System.nanoTime();
      assertThat(gone.await(2, TimeUnit.SECONDS)).as("noticed the parent's death").isTrue();
      assertThat(System.nanoTime() - killed).isLessThan(TimeUnit.SECONDS.toNanos(2));
    } finally {
      parent.destroyForcibly();
      watch.interrupt();
    }
  }

  @Test
  void acts_at_once_when_the_parent_is_already_gone() throws Exception {
    Process parent = new ProcessBuilder("true").start();
    parent.waitFor();
    CountDownLatch gone = new CountDownLatch(1);
    ParentWatch.start(parent.pid(), gone::countDown);
    assertThat(gone.await(1, TimeUnit.SECONDS)).isTrue();
  }
}
