package org.sae4j.core.descriptor;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML document as a small tree whose every node and key keeps its line and column, so that validation errors can
 * point at the offending line. Built from Jackson's streaming YAML parser; duplicate keys are rejected here because a
 * data-binding pass would silently keep the last one.
 */
final class YamlTree {

  private YamlTree() {
  }

  /** A 1-based position in the file. */
  record Location(int line, int column) {
    static Location of(JsonLocation l) {
      return new Location(l.getLineNr(), l.getColumnNr());
    }
  }

  /** A node of the tree. */
  sealed interface Node permits Scalar, Mapping, Sequence {
    Location location();
  }

  /**
   * A scalar exactly as written, plus its YAML type.
   *
   * @param token Jackson's token: a string, number, boolean or null
   * @param text the text as written (for numbers, e.g. {@code 2_000_000})
   * @param number the parsed value for numeric tokens, null otherwise or when it cannot be parsed (e.g. {@code .inf})
   */
  record Scalar(JsonToken token, String text, Number number, Location location) implements Node {
    boolean isNull() {
      return token == JsonToken.VALUE_NULL;
    }
  }

  /** A key of a mapping with its position and its value. */
  record Entry(String key, Location keyLocation, Node value) {
  }

  /** A mapping, keys in file order. */
  record Mapping(Map<String, Entry> entries, Location location) implements Node {
    Mapping {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }
  }

  /** A list. */
  record Sequence(List<Node> items, Location location) implements Node {
    Sequence {
      items = List.copyOf(items);
    }
  }

  /**
   * Parses one YAML document.
   *
   * @return the root node, or null when the file holds no document (empty, or comments only)
   * @throws DescriptorException on a syntax error, a duplicate key or a second document
   */
  static Node parse(Path file, Reader reader) throws DescriptorException, IOException {
    try (JsonParser p = new YAMLFactory().createParser(reader)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return null;
      }
      Node root = read(file, p, "");
      if (p.nextToken() != null) {
        Location at = Location.of(p.currentTokenLocation());
        throw new DescriptorException(file, "", at.line(), at.column(), "a second YAML document starts here",
            "a descriptor is one YAML document");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw syntaxError(file, e);
    }
  }

  private static DescriptorException syntaxError(Path file, JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
      String problem = (m.getContext() == null ? "" : m.getContext() + ", ") + m.getProblem();
      // '>' and '|' start block scalars in YAML, so an unquoted goal like >= 0.9 lands here
      String allowed = problem.contains("block scalar")
          ? "quote values that start with > or | (e.g. \">= 0.9\")" : "fix the YAML syntax";
      return new DescriptorException(file, "", m.getProblemMark().getLine() + 1, m.getProblemMark().getColumn() + 1,
          "invalid YAML: " + problem, allowed);
    }
    JsonLocation l = e.getLocation();
    return new DescriptorException(file, "", l == null ? -1 : l.getLineNr(), l == null ? -1 : l.getColumnNr(),
        "invalid YAML: " + e.getOriginalMessage().replace('\n', ' '), "fix the YAML syntax");
  }

  private static Node read(Path file, JsonParser p, String path) throws IOException, DescriptorException {
    Location at = Location.of(p.currentTokenLocation());
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      Map<String, Entry> entries = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        Location keyAt = Location.of(p.currentTokenLocation());
        String keyPath = path.isEmpty() ? key : path + "." + key;
        Entry earlier = entries.get(key);
        if (earlier != null) {
          throw new DescriptorException(file, keyPath, keyAt.line(), keyAt.column(),
              "duplicate key (first at line " + earlier.keyLocation().line() + ")", "write each key once");
        }
        p.nextToken();
        entries.put(key, new Entry(key, keyAt, read(file, p, keyPath)));
      }
      return new Mapping(entries, at);
    }
    if (t == JsonToken.START_ARRAY) {
      List<Node> items = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        items.add(read(file, p, path + "[" + items.size() + "]"));
      }
      return new Sequence(items, at);
    }
    if (p instanceof YAMLParser y && y.isCurrentAlias()) {
      throw new DescriptorException(file, path, at.line(), at.column(), "YAML aliases (*" + p.getText()
          + ") are not supported", "write the value itself");
    }
    return new Scalar(t, p.getText(), t.isNumeric() ? number(p) : null, at);
  }

  private static Number number(JsonParser p) {
    try {
      return p.getNumberValue();
    } catch (IOException | NumberFormatException e) {
      return null; // e.g. .inf or .nan: reported as "not a finite number" by whoever reads it as a number
    }
  }
}
