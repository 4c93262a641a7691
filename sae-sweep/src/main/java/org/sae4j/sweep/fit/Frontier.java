package org.sae4j.sweep.fit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The compute-efficient frontier: the points no other point beats with less or equal compute, i.e. those whose loss is
 * lower than that of every point with smaller compute (at equal compute, the lowest loss).
 */
public final class Frontier {

  private Frontier() {
  }

  /**
   * The frontier of {@code points}, in order of increasing compute.
   *
   * @param compute C of a point
   * @param loss L of a point
   */
  public static <T> List<T> of(List<T> points, ToDoubleFunction<T> compute, ToDoubleFunction<T> loss) {
    List<T> sorted = new ArrayList<>(points);
    sorted.sort(Comparator.comparingDouble(compute).thenComparingDouble(loss));
    List<T> frontier = new ArrayList<>();
    double best = Double.POSITIVE_INFINITY;
    double lastCompute = Double.NaN;
    for (T p : sorted) {
      double c = compute.applyAsDouble(p);
      double l = loss.applyAsDouble(p);
      if (c == lastCompute) {
        continue; // sorted by loss within equal compute: the first one was the best
      }
      lastCompute = c;
      if (l < best) {
        frontier.add(p);
        best = l;
      }
    }
    return frontier;
  }
}
