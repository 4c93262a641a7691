package org.sae4j.kernels.tornadovm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.kernels.VectorWidthProbe;

/**
 * The same bits for two different local work-group sizes. For the {@code @Parallel} kernels, whose local sizes
 * TornadoVM derives from the device, two child JVMs ({@link WorkGroupProbe}) run the same steps and forward pass,
 * one with the device's own maximum work-group size and one with PoCL's {@code POCL_MAX_WORK_GROUP_SIZE=16}, from
 * which TornadoVM derives smaller local sizes; their launches (from {@code -Dtornado.threadInfo=True}) must differ
 * and their digests must not (on PoCL only; skipped elsewhere). The local-memory encoder's work-group is given
 * by its grid, so two of them are compared in this JVM, on any device.
 */
class WorkGroupSizeDeterminismTest {

  private static final String SMALL = "16";

  @TempDir
  Path dir;

  @Test
  void two_local_work_group_sizes_give_identical_bits() throws Exception {
    TornadoVmBackendProvider provider = new TornadoVmBackendProvider(null);
    assumeTrue(provider.availability().available(), provider.availability().reason());
    assumeTrue(provider.availability().reason().contains("Portable Computing Language"),
        "POCL_MAX_WORK_GROUP_SIZE changes work-group sizes on PoCL only");
    Process large = fork(null);
    Process small = fork(SMALL);
    try {
      List<String> a = output(large, "default");
      List<String> b = output(small, SMALL);
      assertThat(encoderLaunches(b)).as("encoder launches with POCL_MAX_WORK_GROUP_SIZE=" + SMALL)
          .isNotEmpty().isNotEqualTo(encoderLaunches(a));
      assertThat(state(b)).as("digest with POCL_MAX_WORK_GROUP_SIZE=" + SMALL).isEqualTo(state(a));
    } finally {
      large.destroyForcibly();
      small.destroyForcibly();
    }
  }

  @Test
  void the_local_memory_encoder_gives_the_same_bits_for_two_work_group_sizes() {
    TornadoVmBackendProvider provider = new TornadoVmBackendProvider(null);
    assumeTrue(provider.availability().available(), provider.availability().reason());
    String large = VectorWidthProbe.stateDigest(new TornadoVmBackendProvider(null, "local:16x16"), 1);
    String small = VectorWidthProbe.stateDigest(new TornadoVmBackendProvider(null, "local:4x8"), 1);
    assertThat(small).as("digest with a 4x8 work-group").isEqualTo(large);
  }

  private Process fork(String maxWorkGroup) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // This JVM's options carry TornadoVM's argfile (module path, JVMCI, native library path).
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> !a.startsWith("-javaagent")).forEach(command::add);
    command.addAll(List.of("-Dtornado.threadInfo=True", "-cp", System.getProperty("java.class.path"),
        WorkGroupProbe.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log(maxWorkGroup).toFile());
    pb.environment().remove("POCL_MAX_WORK_GROUP_SIZE");
    if (maxWorkGroup != null) {
      pb.environment().put("POCL_MAX_WORK_GROUP_SIZE", maxWorkGroup);
    }
    return pb.start();
  }

  private Path log(String maxWorkGroup) {
    return dir.resolve("probe-" + (maxWorkGroup == null ? "default" : maxWorkGroup) + ".log");
  }

  private List<String> output(Process child, String which) throws Exception {
    boolean finished = child.waitFor(10, TimeUnit.MINUTES);
    String text = Files.readString(log("default".equals(which) ? null : which));
    assertThat(finished).as("child (%s) finished; output:%n%s", which, text).isTrue();
    assertThat(child.exitValue()).as("child (%s) exit status; output:%n%s", which, text).isZero();
    return text.lines().toList();
  }

  private static String state(List<String> lines) {
    return lines.stream().filter(l -> l.startsWith("state ")).findFirst()
        .orElseThrow(() -> new AssertionError("no digest in " + lines));
  }

  /** The local work sizes TornadoVM printed for the encoder tasks, in order. */
  private static List<String> encoderLaunches(List<String> lines) {
    List<String> found = new ArrayList<>();
    boolean inEncoder = false;
    for (String l : lines) {
      if (l.startsWith("Task info: ")) {
        inEncoder = l.endsWith(".encode");
      } else if (inEncoder && l.contains("Local  work size")) {
        found.add(l.trim());
      }
    }
    return found;
  }
}
