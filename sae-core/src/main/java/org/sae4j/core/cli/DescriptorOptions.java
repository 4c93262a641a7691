package org.sae4j.core.cli;

import java.nio.file.Path;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.DescriptorReader;
import picocli.CommandLine.Option;

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

  /** The output directory. */
  public Path output() {
    return output;
  }

  /** Reads the descriptor, with {@code --backend} applied. */
  public Descriptor read() throws DescriptorException {
    Descriptor d = DescriptorReader.read(descriptor);
    return backend == null ? d : d.withBackend(backend, "--backend");
  }
}
