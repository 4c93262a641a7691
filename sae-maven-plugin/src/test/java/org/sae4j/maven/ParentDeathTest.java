package org.sae4j.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Killing Maven with SIGKILL runs none of its shutdown hooks; the forked engine must notice that its parent is gone
 * and stop by itself instead of training on and writing the run directory.
 */
class ParentDeathTest {

  @TempDir
  Path dir;

  @Test
  void the_engine_stops_within_seconds_when_its_parent_is_killed() throws Exception {
    // A training far too long to end by itself: 70 steps per epoch, a million epochs.
    Path descriptor = dir.resolve("long.yaml");
    Files.writeString(descriptor, """
        name: long
        data: {source: synthetic, tokens: 20000, evalTokens: 2000, dim: 16, trueFeatures: 32}
        sae: {features: 64}
        training: {batchSize: 256, epochs: 1000000, lr: 0.001}
        """);
    Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), ForkingParent.class.getName(), "train", descriptor.toString(),
        dir.resolve("out").toString()).redirectErrorStream(true).start();
    ProcessHandle engine = null;
    try {
      CompletableFuture<String> training = new CompletableFuture<>();
      Thread.ofPlatform().daemon().start(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(parent.getInputStream(),
            StandardCharsets.UTF_8))) {
          StringBuilder seen = new StringBuilder();
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            seen.append(line).append('\n');
            if (line.startsWith("input scale")) {
              training.complete(line);
            }
          }
          training.completeExceptionally(new AssertionError("the parent ended before training began:\n" + seen));
        } catch (Exception e) {
          training.completeExceptionally(e);
        }
      });
      training.get(120, TimeUnit.SECONDS);
      List<ProcessHandle> children = parent.toHandle().children().toList();
      assertThat(children).as("the parent's one child, the engine").hasSize(1);
      engine = children.getFirst();

      parent.destroyForcibly(); // SIGKILL: no shutdown hook of the parent runs
      assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();
      long killed = System.nanoTime();
      assertThat(engine.isAlive()).as("still training right after the kill").isTrue();
      // Polled here: onExit() of a process that is not our child polls with a growing delay of its own.
      while (engine.isAlive() && System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(10)) {
        Thread.sleep(20);
      }
      double seconds = (System.nanoTime() - killed) / 1e9;
      assertThat(engine.isAlive()).as("the engine stops by itself").isFalse();
      System.out.printf("the engine stopped %.2f s after its parent was killed%n", seconds);
      assertThat(seconds).as("seconds from the kill to the engine's end").isLessThan(5);
    } finally {
      parent.destroyForcibly();
      if (engine != null) {
        engine.destroyForcibly();
      }
    }
  }
}
