package org.sae4j.core.descriptor;

import java.nio.file.Path;

/**
 * A descriptor that cannot be used: unreadable, not YAML, or with an unknown key, a wrong type, an out-of-range value
 * or an impossible combination. The message reads
 * {@code <file>:<line>:<col>: <keyPath>: <what is wrong>; <what is allowed>}; the location part shrinks to
 * {@code <file>} when the line is unknown and the key path part is left out when the problem concerns the whole file.
 */
public final class DescriptorException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String keyPath;
  private final int line;
  private final int column;
  private final String problem;
  private final String allowed;

  /**
   * @param file the descriptor file
   * @param keyPath dotted path of the offending key, e.g. {@code training.lr}; empty for the whole file
   * @param line 1-based line, or -1 if unknown
   * @param column 1-based column, or -1 if unknown
   * @param problem what is wrong
   * @param allowed what is allowed instead
   */
  public DescriptorException(Path file, String keyPath, int line, int column, String problem, String allowed) {
    super(format(file, keyPath, line, column, problem, allowed));
    this.file = file;
    this.keyPath = keyPath;
    this.line = line;
    this.column = column;
    this.problem = problem;
    this.allowed = allowed;
  }

  private static String format(Path file, String keyPath, int line, int column, String problem, String allowed) {
    StringBuilder s = new StringBuilder(String.valueOf(file));
    if (line > 0) {
      s.append(':').append(line);
      if (column > 0) {
        s.append(':').append(column);
      }
    }
    s.append(": ");
    if (!keyPath.isEmpty()) {
      s.append(keyPath).append(": ");
    }
    s.append(problem);
    if (!allowed.isEmpty()) {
      s.append("; ").append(allowed);
    }
    return s.toString();
  }

  /** The descriptor file. */
  public Path file() {
    return file;
  }

  /** Dotted path of the offending key ({@code data.tokens}, {@code goals.l0}); empty for the whole file. */
  public String keyPath() {
    return keyPath;
  }

  /** 1-based line of the offending key, or -1 if unknown. */
  public int line() {
    return line;
  }

  /** 1-based column of the offending key, or -1 if unknown. */
  public int column() {
    return column;
  }

  /** What is wrong, without the location. */
  public String problem() {
    return problem;
  }

  /** What is allowed instead (may be empty). */
  public String allowed() {
    return allowed;
  }
}
