package org.sae4j.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the Maven JVM in {@link ParentDeathTest}: forks the engine exactly as the goals do, through
 * {@link EngineFork} and {@link ForkRunner}, with this JVM's class path (sae-core and its dependencies), and
 * relays its output to standard output.
 *
 * <p>Arguments: the engine command, the descriptor, the output directory.
 */
public final class ForkingParent {

  private ForkingParent() {
  }

  public static void main(String[] args) throws Exception {
    List<Path> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(Path::of).toList();
    EngineFork fork = new EngineFork(Path.of(System.getProperty("java.home"), "bin", "java"),
        EngineFork.jvmArgs(List.of(), List.of("-Xmx256m")), classpath, args[0],
        EngineFork.descriptorArguments(Path.of(args[1]), Path.of(args[2]), null), 1, ProcessHandle.current().pid());
    ForkRunner.Output relay = new ForkRunner.Output() {
      @Override
      public void info(String line) {
        System.out.println(line);
      }

      @Override
      public void warn(String line) {
        System.out.println("WARN " + line);
      }

      @Override
      public void error(String line) {
        System.out.println("ERROR " + line);
      }
    };
    Path log = Path.of(args[2]).resolve(args[0] + ".log");
    System.exit(new ForkRunner(relay, Map.of()).run(fork, Path.of("."), log).exitCode());
  }
}
