package org.sae4j.core.cli;

import java.nio.file.Path;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.run.RunLayout;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Which finished run a command works on, as a picocli {@code @Mixin}: {@code --run DIR}, or the run directory of
 * {@code --descriptor FILE.yaml} under {@code --output}, not both. The {@code report} command takes it.
 */
public class RunDirectoryOptions extends DescriptorOptions {

  @Option(names = "--run", paramLabel = "DIR",
      description = "A finished run directory (e.g. target/sae/<name>), instead of --descriptor.")
  private Path run;

  /** Fails, naming both choices, unless exactly one of {@code --run} and {@code --descriptor} was given. */
  public void validate(CommandSpec spec) {
    String name = spec.name();
    if (run == null && descriptor() == null) {
      throw new ParameterException(spec.commandLine(), name + " needs --descriptor FILE.yaml or --run DIR");
    }
    if (run != null && descriptor() != null) {
      throw new ParameterException(spec.commandLine(), name + " takes --run DIR or --descriptor FILE.yaml, not both");
    }
  }

  /** The run directory chosen; {@link #validate} first. */
  public Path runDirectory(CommandSpec spec) throws DescriptorException {
    validate(spec);
    return run != null ? run : new RunLayout(output(), read().name()).runDirectory();
  }
}
