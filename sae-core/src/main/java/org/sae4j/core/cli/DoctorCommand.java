package org.sae4j.core.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.sae4j.kernels.BackendProvider;
import org.sae4j.kernels.Backends;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code doctor}: what this machine offers the engine. */
@Command(name = "doctor", description = "Prints the Java version, cores, heap and which backends are available.")
final class DoctorCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("java " + System.getProperty("java.version") + " (" + System.getProperty("java.home") + ")");
    out.println("cores " + Runtime.getRuntime().availableProcessors() + ", max heap "
        + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
    for (BackendProvider p : Backends.providers()) {
      BackendProvider.Availability a = p.availability();
      out.println("backend " + p.name() + ": " + (a.available() ? "available, " : "NOT available, ") + a.reason());
    }
    out.flush();
    return ExitCode.OK;
  }
}
