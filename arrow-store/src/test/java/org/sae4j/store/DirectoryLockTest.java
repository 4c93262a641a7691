package org.sae4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLockTest {

    @TempDir
    Path dir;

    @Test
    void a_second_process_is_refused_naming_the_holder_and_gets_the_lock_once_the_holder_is_killed()
            throws Exception {
        Process holder = ChildJvm.start(ChildJvm.LockHolder.class, List.of(), dir.toString());
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");

            List<String> log = new ArrayList<>();
            DirectoryLock.LockedException e = assertThrows(DirectoryLock.LockedException.class,
                    () -> DirectoryLock.acquire(dir, "run directory", Duration.ofMillis(500), log::add));
            assertThat(e.getMessage()).contains("run directory " + dir.toAbsolutePath())
                    .contains("locked by pid " + holder.pid());
            assertThat(log).singleElement().asString().startsWith("waiting for run directory ")
                    .contains("pid " + holder.pid());

            holder.destroyForcibly();
            assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
            try (DirectoryLock lock = DirectoryLock.acquire(dir, "run directory", Duration.ofSeconds(5), log::add)) {
                assertThat(lock.directory()).isEqualTo(dir.toAbsolutePath());
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void the_same_process_cannot_take_it_twice_and_can_take_it_again_after_release() throws Exception {
        try (DirectoryLock lock = DirectoryLock.acquire(dir, "data set", Duration.ZERO, line -> {})) {
            assertThat(assertThrows(DirectoryLock.LockedException.class,
                    () -> DirectoryLock.acquire(dir, "data set", Duration.ZERO, line -> {})).getMessage())
                    .contains("already locked by this process");
        }
        DirectoryLock.acquire(dir.resolve("nested"), "data set", Duration.ZERO, line -> {}).close();
        DirectoryLock.acquire(dir, "data set", Duration.ZERO, line -> {}).close();
    }

    @Test
    void another_thread_of_the_process_waits_for_the_holder() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        DirectoryLock held = DirectoryLock.acquire(dir, "data set", Duration.ZERO, line -> {});
        CompletableFuture<Path> waiter = CompletableFuture.supplyAsync(() -> {
            try (DirectoryLock lock = DirectoryLock.acquire(dir, "data set", Duration.ofSeconds(20), log::add)) {
                return lock.directory();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Thread.sleep(500);
        assertThat(waiter).isNotDone();
        held.close();
        assertThat(waiter.get(20, TimeUnit.SECONDS)).isEqualTo(dir.toAbsolutePath());
        assertThat(log).anyMatch(line -> line.contains("locked by thread ") && line.contains("of this process"));
    }
}
