package org.sae4j.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sae4j.store.AtomicFiles;

/**
 * {@code run.json}: what ran, on what, from which data, and what came out (SPEC §6). A JSON object kept as a tree so
 * that each stage (train, evaluate) adds its part without knowing the others'; written atomically.
 */
public final class RunRecord {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ObjectNode root;

  private RunRecord(ObjectNode root) {
    this.root = root;
  }

  /** An empty record. */
  public static RunRecord create() {
    return new RunRecord(JSON.createObjectNode());
  }

  /**
   * Reads {@code file}.
   *
   * @throws IOException naming the file when it is missing (with what to run first) or not a JSON object
   */
  public static RunRecord read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + " does not exist: train the experiment first (sae:train, or the CLI's train)");
    }
    JsonNode node;
    try {
      node = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
    }
    if (!(node instanceof ObjectNode object)) {
      throw new IOException(file + " must hold a JSON object");
    }
    return new RunRecord(object);
  }

  /** The mutable tree. */
  public ObjectNode root() {
    return root;
  }

  /** The object at {@code field}, created if absent. */
  public ObjectNode object(String field) {
    JsonNode existing = root.get(field);
    if (existing instanceof ObjectNode o) {
      return o;
    }
    return root.putObject(field);
  }

  /** A text field, or null. */
  public String text(String field) {
    JsonNode n = root.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  /** Writes the record atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.write(file, JSON.writeValueAsBytes(root));
  }

  /** Serialises any value tree with the same settings (for evaluation.json). */
  public static void writeJson(Path file, Object value) throws IOException {
    AtomicFiles.write(file, JSON.writeValueAsBytes(value));
  }
}
