package org.sae4j.core.descriptor;

import com.fasterxml.jackson.core.JsonToken;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.sae4j.core.descriptor.YamlTree.Entry;
import org.sae4j.core.descriptor.YamlTree.Location;
import org.sae4j.core.descriptor.YamlTree.Mapping;
import org.sae4j.core.descriptor.YamlTree.Node;
import org.sae4j.core.descriptor.YamlTree.Scalar;
import org.sae4j.core.descriptor.YamlTree.Sequence;

/**
 * Typed, validating access to one mapping of a descriptor ({@code data}, {@code training}, ...). Every failure is a
 * {@link DescriptorException} naming the key path and the line of the key (or of the section when the key is absent).
 * A key whose value is YAML null counts as absent.
 */
final class Section {
  private static final long MAX_EXACT_DOUBLE_INTEGER = 1L << 53;

  private final Path file;
  private final String path;
  private final Mapping mapping;
  private final Location location;

  /**
   * @param path dotted path of this section, empty for the root
   * @param location where this section is written (its key), used for errors about absent keys
   */
  Section(Path file, String path, Mapping mapping, Location location) {
    this.file = file;
    this.path = path;
    this.mapping = mapping;
    this.location = location;
  }

  Path file() {
    return file;
  }

  String keyPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  Map<String, Entry> entries() {
    return mapping.entries();
  }

  /** Whether the key is present with a non-null value. */
  boolean has(String key) {
    Entry e = mapping.entries().get(key);
    return e != null && !(e.value() instanceof Scalar s && s.isNull());
  }

  /** Where the key is written, or where this section is when it is absent. */
  Location locate(String key) {
    Entry e = mapping.entries().get(key);
    return e == null ? location : e.keyLocation();
  }

  /** An error about {@code key} (or about the section itself when key is null). */
  DescriptorException error(String key, String problem, String allowed) {
    Location at = key == null ? location : locate(key);
    return new DescriptorException(file, key == null ? path : keyPath(key), at.line(), at.column(), problem, allowed);
  }

  /** Rejects every key not in {@code allowed}, suggesting the closest allowed one for a likely typo. */
  void allowOnly(List<String> allowed) throws DescriptorException {
    for (String key : mapping.entries().keySet()) {
      if (!allowed.contains(key)) {
        throw error(key, "unknown key", Suggestions.didYouMean(key, allowed) + "allowed keys "
            + (path.isEmpty() ? "at the top level" : "in " + path) + ": " + String.join(", ", allowed));
      }
    }
  }

  /** The sub-section under {@code key}; an empty one when absent and not required. */
  Section section(String key, boolean required) throws DescriptorException {
    if (!has(key)) {
      if (required) {
        throw error(key, "missing required section", "add a " + key + ": mapping");
      }
      return new Section(file, keyPath(key), new Mapping(Map.of(), location), locate(key));
    }
    Node n = mapping.entries().get(key).value();
    if (!(n instanceof Mapping m)) {
      throw error(key, "expected a mapping, got " + describe(n), "write " + key + ": followed by indented keys");
    }
    return new Section(file, keyPath(key), m, locate(key));
  }

  /** The raw node, or null when absent. */
  Node node(String key) {
    return has(key) ? mapping.entries().get(key).value() : null;
  }

  /**
   * A scalar as text, exactly as written.
   *
   * @param def default when absent; null makes the key required
   * @param pattern the text must match it (null: anything non-blank)
   * @param allowed what is allowed, for the error message
   */
  String string(String key, String def, Pattern pattern, String allowed) throws DescriptorException {
    if (!has(key)) {
      if (def == null) {
        throw error(key, "missing required key", allowed);
      }
      return def;
    }
    String text = text(key, node(key), allowed);
    if (pattern != null ? !pattern.matcher(text).matches() : text.isBlank()) {
      throw error(key, "'" + text + "' is not allowed", allowed);
    }
    return text;
  }

  /** Scalar text of any node, or an error naming the key when it is a mapping or a list. */
  String text(String key, Node n, String allowed) throws DescriptorException {
    if (n instanceof Scalar s) {
      return s.text();
    }
    throw error(key, "expected a single value, got " + describe(n), allowed);
  }

  /**
   * A whole number in [min, max]; written as an integer or as a float with an integral value ({@code 1e6}).
   *
   * @param def default when absent; null makes the key required
   */
  long integer(String key, Long def, long min, long max) throws DescriptorException {
    String allowed = min == Long.MIN_VALUE && max == Long.MAX_VALUE ? "allowed: a 64-bit integer"
        : "allowed: an integer " + (max == Long.MAX_VALUE ? ">= " + min : "in [" + min + ", " + max + "]");
    if (!has(key)) {
      if (def == null) {
        throw error(key, "missing required key", allowed);
      }
      return def;
    }
    Node n = node(key);
    if (!(n instanceof Scalar s) || !s.token().isNumeric()) {
      throw error(key, "expected an integer, got " + describe(n), allowed);
    }
    Long v = exactLong(s);
    if (v == null) {
      throw error(key, s.text() + " is not an integer", allowed);
    }
    if (v < min || v > max) {
      throw error(key, s.text() + " is out of range", allowed);
    }
    return v;
  }

  /** {@link #integer} for int-sized fields. */
  int intValue(String key, Integer def, int min, int max) throws DescriptorException {
    return (int) integer(key, def == null ? null : def.longValue(), min, max);
  }

  /**
   * A finite number inside {@code range}.
   *
   * @param def default when absent; null makes the key required
   */
  double number(String key, Double def, Range range) throws DescriptorException {
    String allowed = "allowed: " + range.describe();
    if (!has(key)) {
      if (def == null) {
        throw error(key, "missing required key", allowed);
      }
      return def;
    }
    Node n = node(key);
    if (!(n instanceof Scalar s) || !s.token().isNumeric()) {
      throw error(key, "expected a number, got " + describe(n), allowed);
    }
    if (s.number() == null || !Double.isFinite(s.number().doubleValue())) {
      throw error(key, s.text() + " is not a finite number", allowed);
    }
    double v = s.number().doubleValue();
    if (!range.contains(v)) {
      throw error(key, s.text() + " is out of range", allowed);
    }
    return v;
  }

  /** A string or a list of strings, as a list; an error when absent, empty or holding a mapping. */
  List<String> stringList(String key, String allowed) throws DescriptorException {
    Node n = node(key);
    if (n == null) {
      throw error(key, "missing required key", allowed);
    }
    List<String> out = new ArrayList<>();
    if (n instanceof Sequence seq) {
      for (Node item : seq.items()) {
        if (!(item instanceof Scalar s) || s.isNull() || s.text().isBlank()) {
          throw itemError(key, out.size(), "expected a non-empty string, got " + describe(item), allowed);
        }
        out.add(s.text());
      }
      if (out.isEmpty()) {
        throw error(key, "the list is empty", allowed);
      }
    } else {
      out.add(string(key, null, null, allowed));
    }
    return out;
  }

  /**
   * An error about the {@code index}-th value of {@code key}: at that list item ({@code key[index]}) when the value
   * is a list, else at the key itself (a single value stands for a list of one).
   */
  DescriptorException itemError(String key, int index, String problem, String allowed) {
    if (node(key) instanceof Sequence seq && index < seq.items().size()) {
      Location l = seq.items().get(index).location();
      return new DescriptorException(file, keyPath(key) + "[" + index + "]", l.line(), l.column(), problem, allowed);
    }
    return error(key, problem, allowed);
  }

  private static Long exactLong(Scalar s) {
    Number x = s.number();
    if (x == null) {
      return null;
    }
    if (s.token() == JsonToken.VALUE_NUMBER_INT) {
      BigInteger b = x instanceof BigInteger big ? big : BigInteger.valueOf(x.longValue());
      return b.bitLength() < 64 ? b.longValue() : null;
    }
    double d = x.doubleValue();
    boolean integral = Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) <= MAX_EXACT_DOUBLE_INTEGER;
    return integral ? (long) d : null;
  }

  /** How a value reads in an error message: its text and, when it matters, its YAML type. */
  static String describe(Node n) {
    return switch (n) {
      case Mapping m -> "a mapping";
      case Sequence q -> "a list";
      case Scalar s when s.token() == JsonToken.VALUE_STRING -> "\"" + s.text() + "\" (a string)";
      case Scalar s when s.token().isBoolean() -> s.text() + " (a boolean)";
      case Scalar s when s.isNull() -> "nothing";
      case Scalar s -> s.text();
    };
  }
}
