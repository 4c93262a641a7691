package org.sae4j.core.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sae4j.core.Engine;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.DescriptorReader;

/**
 * A real but tiny harvested run shared by the analysis tests: 6,000 MiniLM tokens of Moby-Dick at blocks.3.resid_post
 * in 32-token windows, a 128-feature dictionary, trained and evaluated once per test JVM under
 * {@code target/test-runs/}.
 */
final class HarvestedRun {
  static final String DESCRIPTOR = """
      name: tiny-harvest
      seed: 3
      data:
        source: harvest
        model: all-minilm-l6-v2
        hook: blocks.3.resid_post
        corpus: moby-dick-excerpt.txt
        window: 32
        tokens: 6000
        evalTokens: 1500
      sae:
        features: 128
      training:
        batchSize: 128
        lr: 3.0e-3
        l1: 1.0
        epochs: 3
      """;

  private static Engine engine;

  private HarvestedRun() {
  }

  /** The engine of the trained and evaluated run (trained on first use). */
  static synchronized Engine engine() {
    if (engine == null) {
      try {
        Path dir = Path.of("target", "test-runs", "harvested").toAbsolutePath();
        Files.createDirectories(dir);
        Path corpus = Path.of(HarvestedRun.class.getResource("/corpus/moby-dick-excerpt.txt").toURI());
        Files.copy(corpus, dir.resolve("moby-dick-excerpt.txt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Engine e = engine(descriptor(dir, DESCRIPTOR), dir.resolve("out"));
        e.train();
        e.evaluate();
        engine = e;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (URISyntaxException | DescriptorException e) {
        throw new IllegalStateException(e);
      }
    }
    return engine;
  }

  /** A descriptor written into {@code dir} (beside the corpus copy). */
  static Descriptor descriptor(Path dir, String yaml) throws IOException, DescriptorException {
    Path file = dir.resolve("tiny-harvest.yaml");
    Files.writeString(file, yaml);
    return DescriptorReader.read(file);
  }

  static Engine engine(Descriptor d, Path output) {
    return new Engine(d, output, 2, line -> { });
  }
}
