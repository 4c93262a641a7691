package org.sae4j.core.descriptor;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.sae4j.store.AtomicFiles;

/**
 * Identities and the resolved form of a descriptor. The identity is the SHA-256 of a canonical JSON text: every key
 * with its value after defaults are applied, keys sorted, paths relative to the descriptor's directory, and no
 * {@code file}. So reordering keys, reformatting, writing a default explicitly or moving the descriptor together with
 * its data leaves the hash unchanged, while changing any value (the description included) changes it, except
 * {@code training.checkpointEvery}, which does not affect the result.
 */
public final class DescriptorHash {
  private static final ObjectMapper CANONICAL = new ObjectMapper()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
  private static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .build())
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private DescriptorHash() {
  }

  /**
   * SHA-256 (lower-case hex) of the canonical JSON of the whole resolved descriptor, without {@code file} and
   * {@code training.checkpointEvery}.
   */
  public static String of(Descriptor d) {
    return sha256(canonicalJson(identityTree(d)));
  }

  /**
   * The tree the identity covers. {@code training.checkpointEvery} is left out: how often resumable checkpoints are
   * written does not change the trained bits (a resumed run is bit-identical to an uninterrupted one), and a run
   * whose checkpoint interval was changed must still resume from, and be checked against, what it already wrote.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> identityTree(Descriptor d) {
    Map<String, Object> tree = DescriptorTree.of(d, relativeTo(d.directory()));
    ((Map<String, Object>) tree.get("training")).remove(DescriptorTree.CHECKPOINT_EVERY);
    return tree;
  }

  /** SHA-256 of the canonical JSON of the data section and the seed only: the cache key of the data set. */
  public static String ofData(Descriptor d) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("seed", d.seed());
    tree.put("data", DescriptorTree.data(d.data(), relativeTo(d.directory())));
    return sha256(canonicalJson(tree));
  }

  /**
   * The resolved descriptor as YAML, every default written out, keys in documentation order and paths absolute so
   * that the text can be read back from any directory. Preceded by comments naming the source file and the hash.
   */
  public static String resolvedYaml(Descriptor d) {
    try {
      return "# resolved from " + d.file() + "\n# descriptorHash: " + of(d) + "\n"
          + YAML.writeValueAsString(DescriptorTree.of(d, Path::toString));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // plain maps of strings and numbers always serialise
    }
  }

  /** The canonical JSON text that {@link #of} hashes (exposed for diagnostics: diff two of them). */
  public static String canonicalJson(Descriptor d) {
    return canonicalJson(identityTree(d));
  }

  static String canonicalJson(Map<String, Object> tree) {
    try {
      return CANONICAL.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Function<Path, String> relativeTo(Path directory) {
    // '/' on every platform, so that the hash does not depend on the operating system
    return p -> directory.relativize(p).toString().replace('\\', '/');
  }

  private static String sha256(String text) {
    return AtomicFiles.sha256(text);
  }
}
