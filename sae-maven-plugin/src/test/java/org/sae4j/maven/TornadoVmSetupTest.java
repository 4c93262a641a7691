package org.sae4j.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TornadoVmSetupTest {

  private static final Path JAVA = Path.of("/opt/jdk-25/bin/java");
  private static final List<Path> CP = List.of(Path.of("/repo/sae-core.jar"), Path.of("/repo/tornado-kernels.jar"));
  private static final Path JAR = Path.of("/m2/org/sae4j/tornado-kernels-tornadovm-0.1.0.jar");

  @TempDir
  Path tmp;

  private Path installation() throws IOException {
    Path home = Files.createDirectories(tmp.resolve("tornadovm-5.2.0-jdk25"));
    Files.writeString(home.resolve("tornado-argfile"), "--enable-preview\n");
    return home;
  }

  private static EngineFork fork(TornadoVmSetup.Plan plan, List<String> userArgs) {
    List<Path> cp = new ArrayList<>(CP);
    cp.addAll(plan.classpath());
    return new EngineFork(JAVA, EngineFork.jvmArgs(plan.jvmArgs(), userArgs), cp, "train",
        EngineFork.descriptorArguments(Path.of("/exp/x.yaml"), Path.of("/exp/target/sae"), null), 2, 1);
  }

  @Test
  void tornadovm_with_an_installation_gets_its_argfile_no_bailout_and_the_backend_jar() throws IOException {
    Path home = installation();
    TornadoVmSetup.Plan plan = TornadoVmSetup.plan("train", "tornadovm", home, () -> Optional.of(JAR));

    assertThat(plan.enabled()).isTrue();
    List<String> cmd = fork(plan, List.of("-Xmx1g")).toCommand();
    assertThat(cmd).containsSubsequence("--add-modules", "jdk.incubator.vector", "-Dai.djl.offline=true",
        "@" + home.resolve("tornado-argfile").toAbsolutePath(), "-Dtornado.recover.bailout=False", "-Xmx1g", "-cp",
        "org.sae4j.core.cli.Main");
    assertThat(cmd.get(cmd.indexOf("-cp") + 1)).endsWith(JAR.toString());
  }

  @Test
  void evaluate_gets_the_same_options_as_train() throws IOException {
    TornadoVmSetup.Plan plan = TornadoVmSetup.plan("evaluate", "tornadovm", installation(), () -> Optional.of(JAR));

    assertThat(plan.jvmArgs()).hasSize(2).last().isEqualTo("-Dtornado.recover.bailout=False");
    assertThat(plan.classpath()).containsExactly(JAR);
  }

  @Test
  void jvm_backend_gets_nothing_even_with_an_installation() throws IOException {
    Path home = installation();
    TornadoVmSetup.Plan plan = TornadoVmSetup.plan("train", "jvm", home, failIfCalled());

    assertThat(plan.enabled()).isFalse();
    assertThat(plan.classpath()).isEmpty();
    assertThat(fork(plan, List.of()).toCommand())
        .noneMatch(a -> a.contains("tornado-argfile") || a.startsWith("-Dtornado"));
  }

  @Test
  void generate_runs_no_backend_so_needs_no_installation() {
    TornadoVmSetup.Plan plan = TornadoVmSetup.plan("generate", "tornadovm", null, failIfCalled());

    assertThat(plan.enabled()).isFalse();
  }

  @Test
  void tornadovm_without_home_fails_naming_the_variable_and_the_install_guide() {
    assertThatThrownBy(() -> TornadoVmSetup.plan("train", "tornadovm", null, failIfCalled()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("TORNADOVM_HOME is not set")
        .hasMessageContaining("export TORNADOVM_HOME=")
        .hasMessageContaining("tornado-kernels/tornadovm/README.md");
  }

  @Test
  void tornadovm_with_a_home_lacking_the_argfile_fails_naming_the_missing_file() throws IOException {
    Path home = Files.createDirectories(tmp.resolve("empty"));
    Files.writeString(home.resolve("tornado-argfile.template"), "-Djava.library.path=${TORNADOVM_HOME}/lib\n");

    assertThatThrownBy(() -> TornadoVmSetup.plan("train", "tornadovm", home, failIfCalled()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(home.resolve("tornado-argfile") + " is missing")
        .hasMessageContaining("tornado-argfile.template")
        .hasMessageContaining("tornado-kernels/tornadovm/README.md");
  }

  @Test
  void tornadovm_without_the_backend_jar_fails_saying_to_build_with_the_tornado_profile() throws IOException {
    Path home = installation();

    assertThatThrownBy(() -> TornadoVmSetup.plan("evaluate", "tornadovm", home, Optional::empty))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("org.sae4j:tornado-kernels-tornadovm")
        .hasMessageContaining("./mvnw -Ptornado install");
  }

  @Test
  void auto_uses_tornadovm_only_when_installation_and_jar_are_both_there() throws IOException {
    Path home = installation();

    assertThat(TornadoVmSetup.plan("train", "auto", home, () -> Optional.of(JAR)).enabled()).isTrue();
    TornadoVmSetup.Plan noJar = TornadoVmSetup.plan("train", "auto", home, Optional::empty);
    assertThat(noJar.enabled()).isFalse();
    assertThat(noJar.note()).contains("not installed");
    TornadoVmSetup.Plan noHome = TornadoVmSetup.plan("train", "auto", null, failIfCalled());
    assertThat(noHome.enabled()).isFalse();
    assertThat(noHome.classpath()).isEmpty();
    assertThat(noHome.note()).contains("TORNADOVM_HOME is not set");
  }

  /** A jar lookup that must not happen: it may go to the network, so only a complete installation asks. */
  private static Supplier<Optional<Path>> failIfCalled() {
    return () -> {
      throw new AssertionError("the backend jar was looked up though not needed");
    };
  }
}
