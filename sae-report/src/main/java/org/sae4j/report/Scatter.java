package org.sae4j.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The first two numeric columns of a CSV an analysis wrote (e.g. attribution and ablation per (prompt, feature)), to
 * draw as a scatter.
 *
 * @param stem the file name without {@code .csv}
 * @param xName the first numeric column's header
 * @param yName the second's
 */
record Scatter(String stem, String xName, String yName, double[] x, double[] y) {

  String title() {
    return yName + " against " + xName;
  }

  /** The scatter of {@code csv}, or empty when it has fewer than two numeric columns or no row. */
  static Optional<Scatter> of(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    if (lines.size() < 2) {
      return Optional.empty();
    }
    String[] header = lines.getFirst().split(",");
    String[] first = lines.get(1).split(",");
    List<Integer> numeric = new ArrayList<>();
    for (int c = 0; c < Math.min(header.length, first.length) && numeric.size() < 2; c++) {
      if (isNumber(first[c])) {
        numeric.add(c);
      }
    }
    if (numeric.size() < 2) {
      return Optional.empty();
    }
    int a = numeric.get(0);
    int b = numeric.get(1);
    List<double[]> points = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      if (cells.length > Math.max(a, b) && isNumber(cells[a]) && isNumber(cells[b])) {
        points.add(new double[] {Double.parseDouble(cells[a]), Double.parseDouble(cells[b])});
      }
    }
    String stem = csv.getFileName().toString().replaceFirst("\\.csv$", "");
    return Optional.of(new Scatter(stem, header[a], header[b], points.stream().mapToDouble(p -> p[0]).toArray(),
        points.stream().mapToDouble(p -> p[1]).toArray()));
  }

  private static boolean isNumber(String s) {
    try {
      Double.parseDouble(s.trim());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
