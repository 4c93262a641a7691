package org.sae4j.core.descriptor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helpers: descriptors from test resources or from text. */
final class Descriptors {

  private Descriptors() {
  }

  static Path resource(String name) {
    try {
      return Path.of(Descriptors.class.getResource("/descriptors/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Descriptor read(String resourceName) throws DescriptorException {
    return DescriptorReader.read(resource(resourceName));
  }

  static Path write(Path dir, String fileName, String yaml) {
    try {
      Path file = dir.resolve(fileName);
      Files.createDirectories(file.getParent());
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A valid synthetic descriptor to edit: line 1 is the name, data starts at line 2, sae at line 8. */
  static final String BASE = """
      name: base
      data:
        source: synthetic
        tokens: 100000
        evalTokens: 10000
        dim: 16
        trueFeatures: 48
      sae:
        features: 64
      training:
        batchSize: 1024
      """;
}
