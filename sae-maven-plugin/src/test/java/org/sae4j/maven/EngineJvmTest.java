package org.sae4j.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fake JDK homes (a {@code release} file and an executable {@code bin/java}), so no JVM is started. */
class EngineJvmTest {

  @TempDir
  Path dir;

  private Path jdk(String name, String version) throws IOException {
    Path home = dir.resolve(name);
    Files.createDirectories(home.resolve("bin"));
    Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
    Path java = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }

  @Test
  void a_running_jvm_of_25_or_later_is_used() throws IOException {
    Path running = jdk("temurin-25", "25.0.1");

    EngineJvm.Choice c = EngineJvm.choose(null, Optional.empty(), running, null, List.of());

    assertThat(c.java()).isEqualTo(running.toRealPath().resolve("bin/java"));
    assertThat(c.version()).isEqualTo("25.0.1");
    assertThat(c.origin()).isEqualTo("the JVM running Maven");
  }

  @Test
  void maven_on_17_finds_java_home_then_the_newest_25_in_an_install_directory() throws IOException {
    Path running = jdk("maven-jdk/java-17", "17.0.13");
    Path jvms = dir.resolve("jvms");
    Files.createDirectories(jvms);
    jdk("jvms/java-21", "21.0.5");
    Path newest = jdk("jvms/temurin-26", "26");
    jdk("jvms/temurin-25", "25.0.1");

    assertThat(EngineJvm.choose(null, Optional.empty(), running, running.toString(), List.of(jvms)).java())
        .isEqualTo(newest.toRealPath().resolve("bin/java"));
    Path javaHome = jdk("own/temurin-25", "25");
    EngineJvm.Choice c = EngineJvm.choose(null, Optional.empty(), running, javaHome.toString(), List.of(jvms));
    assertThat(c.java()).isEqualTo(javaHome.toRealPath().resolve("bin/java"));
    assertThat(c.origin()).isEqualTo("JAVA_HOME");
  }

  @Test
  void sae_jvm_and_a_toolchain_come_first() throws IOException {
    Path running = jdk("running-25", "25");
    Path explicit = jdk("explicit", "26").resolve("bin/java");
    Path toolchain = jdk("toolchain", "25.0.2").resolve("bin/java");

    assertThat(EngineJvm.choose(explicit, Optional.of(toolchain), running, null, List.of()))
        .isEqualTo(new EngineJvm.Choice(explicit, "26", "sae.jvm"));
    assertThat(EngineJvm.choose(null, Optional.of(toolchain), running, null, List.of()))
        .isEqualTo(new EngineJvm.Choice(toolchain, "25.0.2", "toolchains.xml"));
  }

  @Test
  void a_sae_jvm_older_than_25_fails_naming_its_version() throws IOException {
    Path old = jdk("java-21", "21.0.5").resolve("bin/java");

    assertThatThrownBy(() -> EngineJvm.choose(old, Optional.empty(), dir, null, List.of()))
        .hasMessage("sae.jvm " + old + " is Java 21.0.5, but the sae4j engine needs Java 25 or later");
  }

  @Test
  void a_sae_jvm_without_a_release_file_is_used_as_given() {
    Path bare = dir.resolve("somewhere/bin/java");

    assertThat(EngineJvm.choose(bare, Optional.empty(), dir, null, List.of()))
        .isEqualTo(new EngineJvm.Choice(bare, "unknown", "sae.jvm"));
  }

  @Test
  void no_25_anywhere_names_every_candidate_tried() throws IOException {
    Path running = jdk("maven-jdk/java-17", "17.0.13");
    Path jvms = dir.resolve("jvms");
    Files.createDirectories(jvms);
    Path java21 = jdk("jvms/java-21", "21.0.5");
    Path missing = dir.resolve("not-installed");

    assertThatThrownBy(() -> EngineJvm.choose(null, Optional.empty(), running, running.toString(),
        List.of(missing, jvms)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("the sae4j engine needs Java 25 or later, but none was found; tried: sae.jvm (not set),"
            + " toolchains.xml (no jdk toolchain of version 25 or later), " + running.toRealPath()
            + " (the JVM running Maven: Java 17.0.13), " + java21.toRealPath() + " (" + jvms + ": Java 21.0.5).")
        .hasMessageContaining("-Dsae.jvm", "toolchains.xml", "install a JDK 25");
  }

  @Test
  void reads_the_feature_version_of_old_and_new_release_files() throws IOException {
    assertThat(EngineJvm.featureVersion(jdk("a", "1.8.0_402"))).hasValue(8);
    assertThat(EngineJvm.featureVersion(jdk("b", "25-ea"))).hasValue(25);
    assertThat(EngineJvm.featureVersion(dir.resolve("none"))).isEmpty();
  }
}
