package org.sae4j.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.kernels.JvmBackendProvider;

/**
 * A run trained by the engine's CLI has the same checkpoint SHA-256 and training curve with 128-, 256- and 512-bit
 * vectors ({@code -XX:MaxVectorSize=16, 32, 64}) and 1 or 2 threads, so that machines with different CPUs
 * reproduce each other's dictionaries. Each run is a forked engine JVM, as {@code sae:train} starts it.
 */
class VectorWidthReproducibilityTest {

  private static final int[] MAX_VECTOR_BYTES = {16, 32, 64};
  private static final int[] THREADS = {1, 2};
  // dim 53 = 32 + 16 + 5: the dot products have a full block, a half block and a tail; 101 features is prime.
  private static final String DESCRIPTOR = """
      name: widths
      seed: 11
      data:
        source: synthetic
        tokens: 6000
        evalTokens: 500
        dim: 53
        trueFeatures: 64
        meanActive: 3
      sae:
        features: 101
      training:
        batchSize: 250
        lr: 3.0e-3
        l1: 1.0
        logEvery: 5
      """;

  @TempDir
  Path dir;

  @Test
  void checkpoints_are_bit_identical_for_128_256_and_512_bit_vectors_and_1_or_2_threads() throws Exception {
    Path descriptor = dir.resolve("widths.yaml");
    Files.writeString(descriptor, DESCRIPTOR);
    int machineBits = machineVectorBits();
    Map<String, Process> runs = new LinkedHashMap<>();
    try {
      // Two at a time: each run uses up to two threads.
      List<String> names = new ArrayList<>();
      for (int bytes : MAX_VECTOR_BYTES) {
        for (int threads : THREADS) {
          names.add(bytes + "-" + threads);
        }
      }
      String sha = null;
      String curve = null;
      for (int k = 0; k < names.size(); k += 2) {
        for (String name : names.subList(k, Math.min(names.size(), k + 2))) {
          runs.put(name, train(descriptor, name));
        }
        for (String name : names.subList(k, Math.min(names.size(), k + 2))) {
          Path out = dir.resolve(name);
          finish(runs.get(name), out);
          JsonNode run = new ObjectMapper().readTree(out.resolve("widths/run.json").toFile());
          int bytes = Integer.parseInt(name.substring(0, name.indexOf('-')));
          assertThat(run.path("device").asText()).as(name)
              .contains(Math.min(8 * bytes, machineBits) + "-bit vectors");
          String runSha = run.path("checkpoint").path("sha256").asText();
          String runCurve = Files.readString(out.resolve("widths/curve.csv"));
          if (sha == null) {
            sha = runSha;
            curve = runCurve;
            System.out.println("VectorWidthReproducibilityTest: checkpoint sha256 " + sha);
          }
          assertThat(runSha).as("checkpoint sha256 with MaxVectorSize-threads %s", name).hasSize(64).isEqualTo(sha);
          assertThat(runCurve).as("training curve with MaxVectorSize-threads %s", name).isEqualTo(curve);
        }
      }
    } finally {
      runs.values().forEach(Process::destroyForcibly);
    }
  }

  /** The widest vectors of this machine, from the JVM backend's description of it. */
  private static int machineVectorBits() {
    String reason = new JvmBackendProvider().availability().reason();
    Matcher m = Pattern.compile("(\\d+)-bit vectors").matcher(reason);
    assertThat(m.find()).as("vector width in '%s'", reason).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private Process train(Path descriptor, String name) throws Exception {
    int bytes = Integer.parseInt(name.substring(0, name.indexOf('-')));
    String threads = name.substring(name.indexOf('-') + 1);
    Path out = dir.resolve(name);
    Files.createDirectories(out);
    List<String> command = EngineProcess.command(List.of("-XX:MaxVectorSize=" + bytes),
        List.of("train", "--descriptor", descriptor.toString(), "--output", out.toString(), "--threads", threads));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.resolve("engine.log").toFile())
        .start();
  }

  private static void finish(Process engine, Path out) throws Exception {
    boolean finished = engine.waitFor(120, TimeUnit.SECONDS);
    String log = Files.readString(out.resolve("engine.log"));
    assertThat(finished).as("engine in %s finished; log:%n%s", out, log).isTrue();
    assertThat(engine.exitValue()).as("engine exit status in %s; log:%n%s", out, log).isZero();
  }
}
