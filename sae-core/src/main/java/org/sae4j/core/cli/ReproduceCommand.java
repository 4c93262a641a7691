package org.sae4j.core.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.reproduce.Reproducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reproduce}: retrains a finished run from its own directory and compares it bit for bit. */
@Command(name = "reproduce", sortOptions = false, description = {
    "Retrains a finished run on the jvm backend from its run directory, which holds its descriptor and data "
        + "location, and compares every tensor bit for bit; exit code 1 when any differs."})
final class ReproduceCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--run", required = true, paramLabel = "DIR",
      description = "The finished run directory (e.g. target/sae/<name>) to retrain and compare.")
  private Path run;

  @Mixin
  private EngineOptions engine;

  @Override
  public Integer call() throws DescriptorException, IOException {
    boolean identical = Reproducer.reproduce(run, engine.threads(), EngineOptions.lines(spec.commandLine().getOut()))
        .identical();
    return identical ? ExitCode.OK : ExitCode.FAILED;
  }
}
