package org.sae4j.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training curve ({@code curve.csv}): one column of numbers per header name.
 *
 * @param columns values by column name, in file order
 */
record Curve(Map<String, double[]> columns) {

  /**
   * @throws IOException naming the file and line of a row that does not match the header or holds a non-number
   */
  static Curve read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    if (lines.isEmpty()) {
      throw new IOException(file + " is empty: expected a header line");
    }
    String[] names = lines.getFirst().split(",");
    List<double[]> rows = new ArrayList<>();
    for (int l = 1; l < lines.size(); l++) {
      if (lines.get(l).isBlank()) {
        continue;
      }
      String[] cells = lines.get(l).split(",");
      if (cells.length != names.length) {
        throw new IOException(file + ":" + (l + 1) + ": " + cells.length + " values, the header has " + names.length);
      }
      double[] row = new double[cells.length];
      for (int c = 0; c < cells.length; c++) {
        try {
          row[c] = Double.parseDouble(cells[c]);
        } catch (NumberFormatException e) {
          throw new IOException(file + ":" + (l + 1) + ": column " + names[c] + " is not a number: '" + cells[c]
              + "'", e);
        }
      }
      rows.add(row);
    }
    Map<String, double[]> columns = new LinkedHashMap<>();
    for (int c = 0; c < names.length; c++) {
      double[] col = new double[rows.size()];
      for (int r = 0; r < col.length; r++) {
        col[r] = rows.get(r)[c];
      }
      columns.put(names[c], col);
    }
    return new Curve(columns);
  }

  /** A column, or an empty array when the curve has none of that name. */
  double[] column(String name) {
    return columns.getOrDefault(name, new double[0]);
  }

  int points() {
    return columns.isEmpty() ? 0 : columns.values().iterator().next().length;
  }
}
