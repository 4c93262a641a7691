package org.sae4j.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Finds the {@code java} the engine runs on: the engine is Java 25 bytecode, while Maven (and so this plugin) may run
 * on Java 17 or 21. In order: {@code sae.jvm} when set (used as given), a Maven toolchain of type {@code jdk} and
 * version 25 or later, then JDK homes: the one running Maven, {@code JAVA_HOME}, and the subdirectories of the
 * well-known places JDKs are installed in ({@link #WELL_KNOWN}), newest first. A home's version is read from its
 * {@code release} file, so nothing is started to find out. When no candidate is 25 or later, the message names every
 * one tried and its version.
 */
public final class EngineJvm {

  /** The Java feature version the engine is compiled for. */
  public static final int REQUIRED = 25;

  /** Directories whose subdirectories are JDK homes on common systems (Debian/Ubuntu/Fedora, macOS, SDKMAN!, Windows). */
  static final List<Path> WELL_KNOWN = List.of(
      Path.of("/usr/lib/jvm"),
      Path.of("/usr/java"),
      Path.of("/opt/java"),
      Path.of("/Library/Java/JavaVirtualMachines"),
      Path.of(System.getProperty("user.home"), ".sdkman", "candidates", "java"),
      Path.of(System.getProperty("user.home"), ".jdks"),
      Path.of("C:\\Program Files\\Java"),
      Path.of("C:\\Program Files\\Eclipse Adoptium"));

  /**
   * The executable chosen and why.
   *
   * @param java the {@code java} executable
   * @param version its version as its {@code release} file gives it, or {@code "unknown"} for a {@code sae.jvm}
   *     without one
   * @param origin where it was found, for the log, e.g. {@code "JAVA_HOME"}
   */
  public record Choice(Path java, String version, String origin) {
  }

  private EngineJvm() {
  }

  /**
   * Chooses the engine's {@code java}.
   *
   * @param explicit {@code sae.jvm}, or null
   * @param toolchain the {@code java} of a matching jdk toolchain (version 25+), if there is one
   * @param runningHome {@code java.home} of Maven's JVM
   * @param javaHome the environment's {@code JAVA_HOME}, or null
   * @param installDirs directories whose subdirectories are searched for JDK homes
   * @throws IllegalStateException when no candidate is Java 25 or later, naming each tried and its version
   */
  public static Choice choose(Path explicit, Optional<Path> toolchain, Path runningHome, String javaHome,
      List<Path> installDirs) {
    if (explicit != null) {
      Optional<Integer> feature = featureVersion(home(explicit));
      if (feature.isPresent() && feature.get() < REQUIRED) {
        throw new IllegalStateException("sae.jvm " + explicit + " is Java " + version(home(explicit))
            + ", but the sae4j engine needs Java " + REQUIRED + " or later");
      }
      return new Choice(explicit, feature.isPresent() ? version(home(explicit)) : "unknown", "sae.jvm");
    }
    if (toolchain.isPresent()) {
      Path java = toolchain.get();
      return new Choice(java, version(home(java)), "toolchains.xml");
    }
    List<String> tried = new ArrayList<>();
    tried.add("sae.jvm (not set)");
    tried.add("toolchains.xml (no jdk toolchain of version " + REQUIRED + " or later)");
    List<Candidate> candidates = new ArrayList<>();
    candidates.add(new Candidate(runningHome, "the JVM running Maven"));
    if (javaHome != null && !javaHome.isBlank()) {
      candidates.add(new Candidate(Path.of(javaHome), "JAVA_HOME"));
    }
    for (Path dir : installDirs) {
      List<Path> homes = homesIn(dir);
      if (homes.isEmpty()) {
        continue;
      }
      homes.forEach(h -> candidates.add(new Candidate(h, dir.toString())));
    }
    for (Candidate c : candidates) {
      Path home = real(c.home);
      Optional<Integer> feature = featureVersion(home);
      Path java = javaIn(home);
      if (feature.isPresent() && feature.get() >= REQUIRED && Files.isExecutable(java)) {
        return new Choice(java, version(home), c.origin);
      }
      if (tried.stream().noneMatch(t -> t.startsWith(home + " "))) {
        tried.add(home + " (" + c.origin + ": " + (feature.isPresent() ? "Java " + version(home) : "no release file")
            + ")");
      }
    }
    throw new IllegalStateException("the sae4j engine needs Java " + REQUIRED + " or later, but none was found;"
        + " tried: " + String.join(", ", tried) + ". Point -Dsae.jvm at the java executable of a JDK " + REQUIRED
        + ", add a jdk toolchain of version " + REQUIRED + " to ~/.m2/toolchains.xml, or install a JDK " + REQUIRED
        + " under " + installDirs.get(0));
  }

  private record Candidate(Path home, String origin) {
  }

  /** The home with links resolved, so that /usr/lib/jvm's aliases of one JDK are tried once. */
  private static Path real(Path home) {
    try {
      return home.toRealPath();
    } catch (IOException e) {
      return home.toAbsolutePath().normalize();
    }
  }

  /** The JDK home of a {@code java} executable: the directory above {@code bin/}. */
  static Path home(Path java) {
    Path bin = java.toAbsolutePath().normalize().getParent();
    return bin != null && bin.getParent() != null ? bin.getParent() : bin;
  }

  private static Path javaIn(Path home) {
    Path unix = home.resolve("bin").resolve("java");
    Path windows = home.resolve("bin").resolve("java.exe");
    return Files.exists(windows) && !Files.exists(unix) ? windows : unix;
  }

  /** The subdirectories of {@code dir} that look like JDK homes, in reverse name order (newest first, mostly). */
  private static List<Path> homesIn(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(dir)) {
      return children
          .map(p -> Files.isDirectory(p.resolve("Contents/Home")) ? p.resolve("Contents/Home") : p)
          .filter(p -> Files.isRegularFile(p.resolve("release")))
          .sorted((a, b) -> b.toString().compareTo(a.toString()))
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** {@code JAVA_VERSION} of the home's {@code release} file, e.g. {@code 25.0.1}, or {@code "unknown"}. */
  static String version(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return "unknown";
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(release)) {
      p.load(in);
    } catch (IOException | IllegalArgumentException e) {
      return "unknown";
    }
    String v = p.getProperty("JAVA_VERSION", "unknown").strip();
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
  }

  /** The feature version (17, 21, 25) of the home, when its {@code release} file says. */
  static Optional<Integer> featureVersion(Path home) {
    String v = version(home);
    String first = v.startsWith("1.") ? v.substring(2) : v;
    int end = 0;
    while (end < first.length() && Character.isDigit(first.charAt(end))) {
      end++;
    }
    return end == 0 ? Optional.empty() : Optional.of(Integer.parseInt(first.substring(0, end)));
  }
}
