package org.sae4j.core.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Stands in for an {@link ExtraCommand} whose module is not on the class path: it takes the same run selection, so a
 * bad command line is still named as such, then says which module to add.
 */
@Command(description = "Needs its module on the class path (the sae4j distribution has it).")
final class MissingModuleCommand implements Callable<Integer> {
  private final String module;

  @Spec
  private CommandSpec spec;

  @Mixin
  private RunDirectoryOptions run;

  @Mixin
  private EngineOptions engine;

  MissingModuleCommand(String module) {
    this.module = module;
  }

  @Override
  public Integer call() {
    run.validate(spec);
    spec.commandLine().getErr().println("ERROR the " + spec.name() + " command comes from the " + module
        + " module (org.sae4j:" + module + "), which is not on the class path: use the sae4j distribution, add the"
        + " module's jar and dependencies to -cp, or use the Maven goal sae:" + spec.name());
    return ExitCode.INVALID;
  }
}
