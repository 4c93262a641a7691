package org.sae4j.maven;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Decides what an engine fork needs for the TornadoVM backend: TornadoVM's JVM options (the installation's
 * {@code tornado-argfile}, which puts TornadoVM on the module path) and the backend's jar on the class path.
 * Nothing here starts or changes anything; the only side effect is looking for the argfile, so the decision is
 * unit-tested without a TornadoVM installation.
 *
 * <p>{@code backend: tornadovm} needs both and fails before anything is forked, saying what is missing and how
 * to install it. {@code auto} gets both when both are there (the engine then still checks for a device and
 * otherwise uses the JVM backend), and neither otherwise. Other backends, and commands that run no backend, get
 * nothing.
 */
public final class TornadoVmSetup {

  /** The backend's name in descriptors and {@code -Dsae.backend}. */
  public static final String BACKEND = "tornadovm";
  /** The file in {@code TORNADOVM_HOME} that holds TornadoVM's JVM options. */
  public static final String ARG_FILE = "tornado-argfile";
  /** The artifact of the backend, in the plugin's group and version. */
  public static final String ARTIFACT_ID = "tornado-kernels-tornadovm";
  /**
   * Makes a kernel that TornadoVM cannot compile fail instead of silently running as plain Java on the host,
   * which would train on the CPU while {@code run.json} names the device.
   */
  public static final String NO_BAILOUT = "-Dtornado.recover.bailout=False";

  /** The engine commands that run a backend; {@code generate} only writes data. */
  static final Set<String> BACKEND_COMMANDS = Set.of("train", "evaluate", EngineFork.SWEEP);

  private static final String HOW_TO_INSTALL = "see tornado-kernels/tornadovm/README.md";

  private TornadoVmSetup() {
  }

  /**
   * What the fork gets for TornadoVM.
   *
   * @param jvmArgs JVM options to add after {@link EngineFork#REQUIRED_JVM_FLAGS}; empty when none
   * @param classpath class path entries to add to the engine's; empty when none
   * @param note why, for the log
   */
  public record Plan(List<String> jvmArgs, List<Path> classpath, String note) {

    /** Copies the lists. */
    public Plan {
      jvmArgs = List.copyOf(jvmArgs);
      classpath = List.copyOf(classpath);
    }

    /** Whether the fork runs with TornadoVM's options. */
    public boolean enabled() {
      return !jvmArgs.isEmpty();
    }

    private static Plan none(String note) {
      return new Plan(List.of(), List.of(), note);
    }
  }

  /**
   * Decides the fork's TornadoVM options.
   *
   * @param command the engine command
   * @param backend the effective backend (the override, else the descriptor's)
   * @param home the TornadoVM installation ({@code TORNADOVM_HOME} or {@code sae.tornadovm.home}), or
   *     {@code null} when neither is set
   * @param backendJar finds the backend's jar; called only when the installation is there
   * @return the options, none for other backends, for commands that run no backend, and for {@code auto}
   *     without a complete installation
   * @throws IllegalStateException for {@code tornadovm} when the installation or the jar is missing, saying
   *     which and how to install it
   */
  public static Plan plan(String command, String backend, Path home, Supplier<Optional<Path>> backendJar) {
    boolean required = BACKEND.equals(backend);
    if (!BACKEND_COMMANDS.contains(command) || !(required || "auto".equals(backend))) {
      return Plan.none("backend " + backend + " needs no TornadoVM options for " + command);
    }
    String missing = missingInstallation(home);
    if (missing != null) {
      if (required) {
        throw new IllegalStateException("backend tornadovm needs a TornadoVM installation, but " + missing
            + ". Install TornadoVM 5.2.0-jdk25 and export TORNADOVM_HOME=<its directory> (or pass"
            + " -Dsae.tornadovm.home=<directory>); " + HOW_TO_INSTALL);
      }
      return Plan.none("backend auto runs without TornadoVM: " + missing);
    }
    Optional<Path> jar = backendJar.get();
    if (jar.isEmpty()) {
      if (required) {
        throw new IllegalStateException("backend tornadovm needs the TornadoVM backend (org.sae4j:" + ARTIFACT_ID
            + ") on the engine class path, but it is neither a dependency of the plugin nor installed in the"
            + " local repository. Build and install sae4j with the tornado profile:"
            + " ./mvnw -Ptornado install -DskipTests (TORNADOVM_HOME set); " + HOW_TO_INSTALL);
      }
      return Plan.none("backend auto runs without TornadoVM: org.sae4j:" + ARTIFACT_ID + " is not installed");
    }
    Path argFile = home.resolve(ARG_FILE).toAbsolutePath();
    return new Plan(List.of("@" + argFile, NO_BAILOUT), List.of(jar.get()),
        "backend " + backend + ": TornadoVM options from " + argFile);
  }

  /** What is missing from the installation at {@code home}, or {@code null} when it is complete. */
  private static String missingInstallation(Path home) {
    if (home == null) {
      return "TORNADOVM_HOME is not set";
    }
    Path argFile = home.resolve(ARG_FILE);
    if (!Files.isRegularFile(argFile)) {
      return "the TornadoVM home " + home + " has no " + ARG_FILE + " (" + argFile + " is missing; an installation with"
          + " only tornado-argfile.template needs a copy named " + ARG_FILE + " with ${TORNADOVM_HOME} replaced)";
    }
    return null;
  }
}
