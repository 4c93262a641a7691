package org.sae4j.core.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import org.sae4j.core.Engine;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.DescriptorReader;

/**
 * A real but tiny harvested run shared by the analysis tests: 6,000 MiniLM tokens of Moby-Dick at blocks.3.resid_post
 * in 32-token windows, a 128-feature dictionary, trained and evaluated once per test JVM under
 * {@code target/test-runs/harvested/out/}. Variants (another name and an analysis section) share its data set.
 */
public final class HarvestedRun {
  /** The run's descriptor; {@code NAME} is replaced by the variant's name. */
  static final String DESCRIPTOR = """
      name: NAME
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
  /** The base run's name. */
  public static final String NAME = "tiny-harvest";
  private static final Map<String, Engine> ENGINES = new HashMap<>();

  private HarvestedRun() {
  }

  /** The directory holding the descriptors and the corpus copy; runs go to {@code out/}. */
  static Path directory() {
    return Path.of("target", "test-runs", "harvested").toAbsolutePath();
  }

  /** The engine of the trained and evaluated base run. */
  public static Engine engine() {
    return engine(NAME, "");
  }

  /** The engine of a variant, trained and evaluated on first use: the base descriptor plus {@code extraYaml}. */
  static synchronized Engine engine(String name, String extraYaml) {
    return ENGINES.computeIfAbsent(name, n -> {
      try {
        Engine e = new Engine(descriptor(n, extraYaml), directory().resolve("out"), 2, line -> { });
        e.train();
        e.evaluate();
        return e;
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      } catch (DescriptorException ex) {
        throw new IllegalStateException(ex);
      }
    });
  }

  /** The base descriptor under {@code name} plus {@code extraYaml}, written beside the corpus. */
  static Descriptor descriptor(String name, String extraYaml) throws IOException, DescriptorException {
    Path dir = directory();
    Files.createDirectories(dir);
    try {
      Path corpus = Path.of(HarvestedRun.class.getResource("/corpus/moby-dick-excerpt.txt").toURI());
      Path copy = dir.resolve("moby-dick-excerpt.txt");
      if (!Files.exists(copy) || Files.mismatch(corpus, copy) != -1) {
        Files.copy(corpus, copy, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, DESCRIPTOR.replace("NAME", name) + extraYaml);
    return DescriptorReader.read(file);
  }
}
