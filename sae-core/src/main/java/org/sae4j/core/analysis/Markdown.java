package org.sae4j.core.analysis;

import java.util.List;

/** Markdown tables for the analyses' reports. */
final class Markdown {

  private Markdown() {
  }

  /** A table with a header row; cells have their {@code |} escaped and line breaks flattened. */
  static String table(List<String> header, List<List<String>> rows) {
    StringBuilder md = new StringBuilder();
    row(md, header);
    md.append('|');
    header.forEach(h -> md.append(" --- |"));
    md.append('\n');
    rows.forEach(r -> row(md, r));
    return md.toString();
  }

  private static void row(StringBuilder md, List<String> cells) {
    md.append('|');
    for (String c : cells) {
      md.append(' ').append(c.replace("|", "\\|").replace('\n', ' ')).append(" |");
    }
    md.append('\n');
  }

  /** A number with four significant decimals, as the reports print them. */
  static String number(double x) {
    return String.format("%.4f", x);
  }
}
