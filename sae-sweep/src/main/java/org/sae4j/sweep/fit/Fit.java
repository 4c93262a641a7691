package org.sae4j.sweep.fit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One fitted scaling law, as sweep.json records it and goals read it.
 *
 * @param formula the law, e.g. {@code L(C) = a·C^-α}
 * @param coefficient a (or k)
 * @param exponent the law's exponent as its formula writes it: α for the frontier (positive when loss falls with
 *     compute), β, γ, δ for the optimal size, tokens and learning rate
 * @param exponentLow the lower end of the exponent's 95 % bootstrap interval (null when too few resamples worked)
 * @param exponentHigh the upper end
 * @param resamples bootstrap resamples behind the interval
 * @param asymptote L∞ when the floor was kept, else null
 * @param r2 R² of ln y (of the chosen form)
 * @param points how many (C, y) pairs were fitted
 * @param pointIds the points (or, for minima, the groups' best points) the pairs come from
 * @param method how the pairs were found and the form chosen, in words
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Fit(String formula, double coefficient, double exponent, Double exponentLow, Double exponentHigh,
                  int resamples, Double asymptote, double r2, int points, List<String> pointIds, String method) {
  public Fit {
    pointIds = List.copyOf(pointIds);
  }

  /** A figure by its goal name ({@code exponent}, {@code r2}, …), or null when this fit has none. */
  public Double figure(String name) {
    return switch (name) {
      case "exponent" -> exponent;
      case "exponentLow" -> exponentLow;
      case "exponentHigh" -> exponentHigh;
      case "coefficient" -> coefficient;
      case "asymptote" -> asymptote;
      case "r2" -> r2;
      case "points" -> (double) points;
      default -> throw new IllegalArgumentException("no figure " + name);
    };
  }
}
