package org.sae4j.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the user's {@code argLine} into JVM arguments for the engine fork.
 *
 * <p>Two steps, both pure: {@link #interpolate} replaces {@code @{name}} with a project property late (after
 * other plugins such as a coverage agent have set it, as Surefire does), then {@link #split} cuts the line into
 * arguments at whitespace, keeping quoted runs together.
 */
public final class ArgLine {

  private static final Pattern LATE_PROPERTY = Pattern.compile("@\\{([^}]+)}");

  private ArgLine() {
  }

  /**
   * Replaces every {@code @{name}} in {@code argLine} with {@code properties.apply(name)}.
   *
   * @param properties returns the property's value, or {@code null} when it is not defined
   * @return the interpolated line; {@code ""} for a null line
   * @throws IllegalArgumentException naming the property when one is not defined
   */
  public static String interpolate(String argLine, Function<String, String> properties) {
    if (argLine == null) {
      return "";
    }
    Matcher m = LATE_PROPERTY.matcher(argLine);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = properties.apply(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("argLine refers to @{" + m.group(1) + "}, but no property "
            + m.group(1) + " is defined; define it (an empty <" + m.group(1) + "/> property will do)");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * Splits {@code argLine} at unquoted whitespace. Single or double quotes group a run that may contain
   * whitespace or the other quote character; the quotes themselves are dropped, and {@code ""} gives an empty
   * argument. Backslashes are kept as they are, so Windows paths need no escaping.
   *
   * @return the arguments in order; empty for a null or blank line
   * @throws IllegalArgumentException when a quote is not closed
   */
  public static List<String> split(String argLine) {
    List<String> args = new ArrayList<>();
    if (argLine == null) {
      return args;
    }
    StringBuilder current = new StringBuilder();
    boolean inArgument = false;
    char quote = 0;
    for (int i = 0; i < argLine.length(); i++) {
      char c = argLine.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          current.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inArgument = true;
      } else if (Character.isWhitespace(c)) {
        if (inArgument) {
          args.add(current.toString());
          current.setLength(0);
          inArgument = false;
        }
      } else {
        current.append(c);
        inArgument = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("argLine has an unclosed " + quote + " quote: " + argLine);
    }
    if (inArgument) {
      args.add(current.toString());
    }
    return args;
  }
}
