package org.sae4j.core.cli;

import java.nio.file.Path;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.DescriptorReader;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The experiment a command works on, as a picocli {@code @Mixin}: {@code --descriptor}, {@code --output}, {@code --backend}. */
public class DescriptorOptions {
  /** Where runs and data sets go unless {@code --output} says otherwise. */
  static final Path DEFAULT_OUTPUT = Path.of("target", "sae");

  @Option(names = "--descriptor", paramLabel = "FILE.yaml", description = "The experiment descriptor.")
  private Path descriptor;

  @Option(names = "--output", paramLabel = "DIR", description = "Run and data directory (default: ${DEFAULT-VALUE}).")
  private Path output = DEFAULT_OUTPUT;

  @Option(names = "--backend", paramLabel = "NAME",
      description = "auto, jvm or tornadovm: overrides the descriptor's backend for this command.")
  private String backend;

  /** The descriptor file given, or null. */
  public Path descriptor() {
    return descriptor;
  }

  /**
   * The descriptor file given.
   *
   * @throws ParameterException naming the command when {@code --descriptor} is missing
   */
  public Path requireDescriptor(CommandSpec command) {
    if (descriptor == null) {
      throw new ParameterException(command.commandLine(), command.commandLine().getCommandName() + " needs --descriptor FILE.yaml");
    }
    return descriptor;
  }

  /** The backend {@code --backend} names, or null to keep the descriptor's. */
  public String backend() {
    return backend;
  }

  /** The output directory. */
  public Path output() {
    return output;
  }

  /** Reads the descriptor, with {@code --backend} applied. */
  public Descriptor read() throws DescriptorException {
    Descriptor d = DescriptorReader.read(descriptor);  // callers have checked it with requireDescriptor
    return backend == null ? d : d.withBackend(backend, "--backend");
  }
}
