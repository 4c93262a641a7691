package org.sae4j.core.descriptor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.sae4j.core.descriptor.YamlTree.Location;
import org.sae4j.core.descriptor.YamlTree.Node;
import org.sae4j.core.descriptor.YamlTree.Scalar;
import org.sae4j.core.descriptor.YamlTree.Sequence;

/**
 * One analysis's section of a descriptor ({@code analysis.<name>}), as its analysis reads it: typed, validating
 * access whose every failure is a {@link DescriptorException} naming the file, the key path and its line, like the
 * rest of the descriptor. A key whose value is YAML null counts as absent; an analysis named without keys
 * ({@code search:}) reads as an empty section, so every key takes its default.
 */
public final class AnalysisSection {
  private final Section section;
  private final String path;
  private final Path directory;

  /**
   * @param path the section's dotted key path, e.g. {@code analysis.search}
   * @param directory the descriptor's directory, which relative paths resolve against
   */
  AnalysisSection(Section section, String path, Path directory) {
    this.section = section;
    this.path = path;
    this.directory = directory;
  }

  /** The dotted key path of this section, e.g. {@code analysis.search}. */
  public String path() {
    return path;
  }

  /** The keys written in this section, in file order. */
  public Set<String> keys() {
    return section.entries().keySet();
  }

  /** Whether {@code key} is present with a non-null value. */
  public boolean has(String key) {
    return section.has(key);
  }

  /** Rejects every key not in {@code allowed}, suggesting the closest one for a likely typo. */
  public void allowOnly(List<String> allowed) throws DescriptorException {
    section.allowOnly(allowed);
  }

  /**
   * A whole number in [min, max].
   *
   * @param def default when absent; null makes the key required
   */
  public int integer(String key, Integer def, int min, int max) throws DescriptorException {
    return section.intValue(key, def, min, max);
  }

  /**
   * A finite number in [min, max] (either bound may be infinite).
   *
   * @param def default when absent; null makes the key required
   */
  public double number(String key, Double def, double min, double max) throws DescriptorException {
    return section.number(key, def, Range.closed(min, max));
  }

  /**
   * A non-blank string.
   *
   * @param def default when absent; null makes the key required
   * @param allowed what is allowed, for the error message (e.g. {@code allowed: a sentence})
   */
  public String string(String key, String def, String allowed) throws DescriptorException {
    return section.string(key, def, null, allowed);
  }

  /**
   * A string or a list of non-blank strings, as a list.
   *
   * @param def returned when the key is absent; null makes it required
   */
  public List<String> strings(String key, List<String> def, String allowed) throws DescriptorException {
    if (!has(key) && def != null) {
      return def;
    }
    return section.stringList(key, allowed);
  }

  /**
   * A number or a non-empty list of finite numbers in [min, max], as a list.
   *
   * @param def returned when the key is absent; null makes it required
   */
  public List<Double> numbers(String key, List<Double> def, double min, double max) throws DescriptorException {
    Range range = Range.closed(min, max);
    String allowed = "allowed: a number or a list of numbers, each " + range.describe().replaceFirst("^a ", "");
    if (!has(key)) {
      if (def == null) {
        throw section.error(key, "missing required key", allowed);
      }
      return def;
    }
    List<Double> out = new ArrayList<>();
    Node n = section.node(key);
    List<Node> items = n instanceof Sequence seq ? seq.items() : List.of(n);
    for (int i = 0; i < items.size(); i++) {
      String at = n instanceof Sequence ? section.keyPath(key) + "[" + i + "]" : section.keyPath(key);
      Node item = items.get(i);
      Location l = item.location();
      if (!(item instanceof Scalar s) || !s.token().isNumeric() || s.number() == null
          || !Double.isFinite(s.number().doubleValue())) {
        throw new DescriptorException(section.file(), at, l.line(), l.column(), "expected a finite number, got "
            + Section.describe(item), allowed);
      }
      double v = s.number().doubleValue();
      if (!range.contains(v)) {
        throw new DescriptorException(section.file(), at, l.line(), l.column(), s.text() + " is out of range",
            allowed);
      }
      out.add(v);
    }
    if (out.isEmpty()) {
      throw section.error(key, "the list is empty", allowed);
    }
    return out;
  }

  /** {@link #numbers} for whole numbers. */
  public List<Integer> integers(String key, List<Integer> def, int min, int max) throws DescriptorException {
    if (!has(key) && def != null) {
      return def;
    }
    List<Integer> out = new ArrayList<>();
    List<Double> values = numbers(key, null, min, max);
    for (int i = 0; i < values.size(); i++) {
      double v = values.get(i);
      if (v != Math.rint(v)) {
        throw itemError(key, i, Goal.plain(v) + " is not a whole number", "allowed: whole numbers in [" + min
            + ", " + max + "]");
      }
      out.add((int) v);
    }
    return out;
  }

  /**
   * The lines of the text file named by {@code key} (relative to the descriptor's directory): one entry per line,
   * trimmed; blank lines and lines starting with {@code #} are skipped.
   *
   * @throws DescriptorException naming the key and the file when it is missing, unreadable, not UTF-8 or empty
   */
  public List<String> lines(String key) throws DescriptorException {
    String allowed = "allowed: a UTF-8 text file with one entry per line, relative to the descriptor's directory";
    String text = section.string(key, null, null, allowed);
    Path file;
    try {
      file = directory.resolve(text).normalize();
    } catch (InvalidPathException e) {
      throw section.error(key, "'" + text + "' is not a valid path: " + e.getReason(), allowed);
    }
    String content;
    try {
      content = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
    } catch (CharacterCodingException e) {
      throw section.error(key, file + " is not UTF-8 text", allowed);
    } catch (IOException e) {
      throw section.error(key, file + " cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage()
          + ")", allowed);
    }
    List<String> out = content.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    if (out.isEmpty()) {
      throw section.error(key, file + " holds no entries", allowed);
    }
    return out;
  }

  /** The mapping under {@code key} as a section of its own (empty when absent). */
  public AnalysisSection section(String key) throws DescriptorException {
    return new AnalysisSection(section.section(key, false), section.keyPath(key), directory);
  }

  /** An error about {@code key} (or the whole section when null), at its line. */
  public DescriptorException error(String key, String problem, String allowed) {
    return section.error(key, problem, allowed);
  }

  /** An error about the {@code index}-th item of the list under {@code key}, at that item's line when it has one. */
  public DescriptorException itemError(String key, int index, String problem, String allowed) {
    if (section.node(key) instanceof Sequence seq && index < seq.items().size()) {
      Location l = seq.items().get(index).location();
      return new DescriptorException(section.file(), section.keyPath(key) + "[" + index + "]", l.line(), l.column(),
          problem, allowed);
    }
    return section.error(key, problem, allowed);
  }
}
