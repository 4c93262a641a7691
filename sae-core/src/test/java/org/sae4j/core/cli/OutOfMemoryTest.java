package org.sae4j.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine in a JVM with a heap far too small for its dictionary says so, what it needs, and how to give it. */
class OutOfMemoryTest {
  private static final long HEAP = 64L << 20;

  @TempDir
  Path dir;

  @Test
  void an_engine_out_of_heap_prints_one_clear_error_and_exits_1() throws Exception {
    Path descriptor = dir.resolve("big.yaml");
    // Tiny data (generated in well under a second) and a 32768-feature dictionary of dimension 256: its parameters
    // alone are 134 MB, twice the heap.
    Files.writeString(descriptor, """
        name: big
        data: {source: synthetic, tokens: 3000, evalTokens: 500, dim: 256, trueFeatures: 512}
        sae: {features: 32768}
        training: {batchSize: 256}
        """);
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + (HEAP >> 20) + "m", "--add-modules", "jdk.incubator.vector",
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "train", "--descriptor", descriptor.toString(), "--output", dir.resolve("out").toString(), "--threads", "1"));
    Process p = new ProcessBuilder(command).redirectOutput(dir.resolve("stdout.txt").toFile())
        .redirectError(dir.resolve("stderr.txt").toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the engine ended").isTrue();
    String err = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(err).isEqualTo(ExitCode.FAILED);
    List<String> errors = err.lines().filter(l -> l.startsWith("ERROR ")).toList();
    assertThat(errors).hasSize(3);
    assertThat(errors.get(0)).matches("ERROR out of memory: the engine's Java heap is full \\([0-9,]+ MiB in use, "
        + "[0-9,]+ MiB maximum\\)");
    MemoryEstimate estimate = MemoryEstimate.of(256, 32768, 256, 512 * 256);
    assertThat(errors.get(1)).isEqualTo("ERROR training n=256 × m=32,768 in batches of 256 needs about "
        + MemoryEstimate.size(estimate.total()) + ": " + estimate.breakdown());
    String xmx = estimate.suggestedXmx(HEAP);
    assertThat(xmx).isEqualTo("-Xmx2g");
    assertThat(errors.get(2)).isEqualTo("ERROR fix: give the engine more heap, e.g. -Dsae.argLine=" + xmx
        + " for the Maven goals, or SAE4J_OPTS=" + xmx + " sae4j … for the CLI");
    assertThat(err).as("no bare stack trace").doesNotContain("\tat ").doesNotContain("Exception in thread");
  }
}
