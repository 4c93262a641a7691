package org.sae4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM backend gives the same bits with 64-, 128-, 256- and 512-bit vectors and 1 or 3 threads: child JVMs
 * started with {@code -XX:MaxVectorSize=8, 16, 32, 64} run {@link VectorWidthProbe} and their digests of the
 * parameters, the Adam state, the step scalars and the forward pass must agree, and their reductions must be the
 * canonical order of {@link CanonicalSums}, interpreted and compiled alike. The test checks the widths the children
 * report: the JVM caps them at what the machine has, and the reductions never go below 128 bits.
 */
class VectorWidthDeterminismTest {

  private static final int[] MAX_VECTOR_BYTES = {8, 16, 32, 64};
  private static final String THREADS = "1,3";

  @TempDir
  Path dir;

  @Test
  void vector_widths_and_thread_counts_give_identical_bits() throws Exception {
    Map<Integer, Process> children = new LinkedHashMap<>();
    try {
      for (int bytes : MAX_VECTOR_BYTES) {
        children.put(bytes, fork(bytes));
      }
      String reference = VectorWidthProbe.reductionDigest(true);
      String state = null;
      for (Map.Entry<Integer, Process> child : children.entrySet()) {
        int bytes = child.getKey();
        List<String> lines = output(child.getValue(), bytes);
        String what = "-XX:MaxVectorSize=" + bytes + " printed " + lines;
        int preferredBits = Math.min(8 * bytes, VectorOps.FLOATS.vectorBitSize());
        int reductionBits = Math.max(128, Math.min(512, preferredBits));
        assertThat(lines).as(what).contains("widths " + preferredBits + " " + reductionBits,
            "reductions-interpreted " + reference, "reductions-compiled " + reference);
        for (String threads : THREADS.split(",")) {
          String line = lines.stream().filter(l -> l.startsWith("state " + threads + " ")).findFirst()
              .orElseThrow(() -> new AssertionError(what + ": no state for " + threads + " threads"));
          if (state == null) {
            state = line.substring(line.lastIndexOf(' ') + 1);
          }
          assertThat(line).as(what).isEqualTo("state " + threads + " " + state);
        }
      }
    } finally {
      children.values().forEach(Process::destroyForcibly);
    }
  }

  private Process fork(int maxVectorBytes) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = List.of(java.toString(), "-XX:MaxVectorSize=" + maxVectorBytes, "--add-modules",
        "jdk.incubator.vector", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        VectorWidthProbe.class.getName(), THREADS);
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(maxVectorBytes).toFile())
        .start();
  }

  private Path log(int maxVectorBytes) {
    return dir.resolve("probe-" + maxVectorBytes + ".log");
  }

  private List<String> output(Process child, int bytes) throws Exception {
    boolean finished = child.waitFor(60, TimeUnit.SECONDS);
    String text = Files.readString(log(bytes));
    assertThat(finished).as("child with MaxVectorSize=%d finished within 60 s; output:%n%s", bytes, text).isTrue();
    assertThat(child.exitValue()).as("child with MaxVectorSize=%d exit status; output:%n%s", bytes, text)
        .isZero();
    return text.lines().toList();
  }
}
