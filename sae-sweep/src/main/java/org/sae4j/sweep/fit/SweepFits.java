package org.sae4j.sweep.fit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.sae4j.kernels.Seeds;

/**
 * The scaling laws of one series of points (one λ): the loss frontier L(C) = a·C^-α (+ L∞ when AICc prefers it), the
 * optimal dictionary size N*(C) = k·C^β and tokens D*(C) = k·C^γ, from the isoFLOP minima when the design has budgets
 * and else from the frontier points, and the optimal learning rate lr*(C) = k·C^δ from the points that differ only in
 * lr. Each exponent has a 95 % percentile bootstrap interval over the points (resampled within each budget or lr scan
 * where the fit is built from per-budget minima).
 *
 * @param frontier the loss frontier, or null with fewer than two frontier points
 * @param features N*(C), or null
 * @param tokens D*(C), or null
 * @param lr lr*(C), or null without two lr scans at different compute
 * @param frontierIds the frontier points, by increasing compute
 * @param sizeOptima the isoFLOP minima (empty for a grid)
 * @param lrOptima the optimal learning rate of each lr scan
 * @param notes why a fit is missing, in words
 */
public record SweepFits(Fit frontier, Fit features, Fit tokens, Fit lr, List<String> frontierIds,
                        List<Optimum> sizeOptima, List<Optimum> lrOptima, List<String> notes) {

  public SweepFits {
    frontierIds = List.copyOf(frontierIds);
    sizeOptima = List.copyOf(sizeOptima);
    lrOptima = List.copyOf(lrOptima);
    notes = List.copyOf(notes);
  }

  /** The fit named as in goals ({@code frontier, features, tokens, lr}), or null. */
  public Fit fit(String name) {
    return switch (name) {
      case "frontier" -> frontier;
      case "features" -> features;
      case "tokens" -> tokens;
      case "lr" -> lr;
      default -> throw new IllegalArgumentException("no fit " + name);
    };
  }

  /**
   * Fits the laws.
   *
   * @param points the finished points of one λ
   * @param isoflop whether the design has budgets (then N* and D* come from isoFLOP minima)
   * @param dim n, to turn an optimal size at budget C into tokens C / (6·n·N*)
   * @param resamples bootstrap resamples per interval
   * @param seed the sweep's seed; each fit draws its own named stream
   */
  public static SweepFits of(List<FitPoint> points, boolean isoflop, int dim, int resamples, long seed) {
    List<String> notes = new ArrayList<>();
    List<FitPoint> design = points.stream().filter(FitPoint::design).toList();
    List<FitPoint> front = Frontier.of(design, FitPoint::compute, FitPoint::loss);
    Fit frontier = null;
    if (front.size() >= 2 && distinct(front, FitPoint::compute) >= 2) {
      PowerLaw law = PowerLawFitter.choose(computes(front), values(front, FitPoint::loss));
      Bootstrap.Interval ci = Bootstrap.interval(List.of(design), sample -> {
        List<FitPoint> f = Frontier.of(distinctIds(sample), FitPoint::compute, FitPoint::loss);
        return -PowerLawFitter.sameForm(law, computes(f), values(f, FitPoint::loss)).exponent();
      }, resamples, Seeds.derive(seed, "sweep.bootstrap.frontier"));
      String form = law.parameters() == 3 ? "L(C) = L∞ + a·C^-α" : "L(C) = a·C^-α";
      frontier = fit(form, law, -1, ci, ids(front), "least squares in ln L over the " + front.size()
          + " frontier points (no point with less compute has lower loss); " + (law.parameters() == 3
          ? "the floor L∞ is kept: its AICc is lower than the pure power law's"
          : front.size() < 5 ? "pure power law: fewer than 5 frontier points cannot support a floor L∞"
          : "pure power law: a floor L∞ does not lower the AICc"));
    } else {
      notes.add("frontier: " + front.size() + " frontier point(s) at distinct compute; a power law needs 2");
    }

    Fit features = null;
    Fit tokens = null;
    List<Optimum> sizeOptima = new ArrayList<>();
    if (isoflop) {
      Map<Double, List<FitPoint>> byBudget = group(design, FitPoint::budget);
      for (List<FitPoint> g : byBudget.values()) {
        sizeOptima.add(optimum(g, p -> (double) p.features(), g.getFirst().budget()));
      }
      if (sizeOptima.size() >= 2) {
        double[] c = sizeOptima.stream().mapToDouble(Optimum::compute).toArray();
        double[] n = sizeOptima.stream().mapToDouble(Optimum::value).toArray();
        List<List<FitPoint>> strata = new ArrayList<>(byBudget.values());
        Function<List<FitPoint>, double[][]> minima = sample -> {
          Map<Double, List<FitPoint>> b = group(sample, FitPoint::budget);
          double[][] xy = new double[2][b.size()];
          int i = 0;
          for (List<FitPoint> g : b.values()) {
            xy[0][i] = g.getFirst().budget();
            xy[1][i++] = optimum(g, p -> (double) p.features(), g.getFirst().budget()).value();
          }
          return xy;
        };
        String method = "the minimum of a parabola in ln N through each budget's losses (" + edges(sizeOptima)
            + "), then least squares in ln N*";
        features = fit("N*(C) = k·C^β", PowerLawFitter.pure(c, n), 1, Bootstrap.interval(strata,
            s -> {
              double[][] xy = minima.apply(s);
              return PowerLawFitter.pure(xy[0], xy[1]).exponent();
            }, resamples,
            Seeds.derive(seed, "sweep.bootstrap.features")), sizeOptima.stream().map(Optimum::best).toList(), method);
        double[] d = new double[c.length];
        for (int i = 0; i < c.length; i++) {
          d[i] = c[i] / (6.0 * dim * n[i]);
        }
        tokens = fit("D*(C) = k·C^γ", PowerLawFitter.pure(c, d), 1, Bootstrap.interval(strata, s -> {
          double[][] xy = minima.apply(s);
          double[] dd = new double[xy[0].length];
          for (int i = 0; i < dd.length; i++) {
            dd[i] = xy[0][i] / (6.0 * dim * xy[1][i]);
          }
          return PowerLawFitter.pure(xy[0], dd).exponent();
        }, resamples, Seeds.derive(seed, "sweep.bootstrap.tokens")), sizeOptima.stream().map(Optimum::best).toList(),
            "D* = C / (6·n·N*) at each budget's optimal size, then least squares in ln D*");
      } else {
        notes.add("features, tokens: " + sizeOptima.size() + " isoFLOP budget(s) with points; a power law needs 2");
      }
    } else if (frontier != null) {
      Bootstrap.Interval nCi = Bootstrap.interval(List.of(design), sample -> {
        List<FitPoint> f = Frontier.of(distinctIds(sample), FitPoint::compute, FitPoint::loss);
        return PowerLawFitter.pure(computes(f), values(f, p -> p.features())).exponent();
      }, resamples, Seeds.derive(seed, "sweep.bootstrap.features"));
      Bootstrap.Interval dCi = Bootstrap.interval(List.of(design), sample -> {
        List<FitPoint> f = Frontier.of(distinctIds(sample), FitPoint::compute, FitPoint::loss);
        return PowerLawFitter.pure(computes(f), values(f, p -> p.tokens())).exponent();
      }, resamples, Seeds.derive(seed, "sweep.bootstrap.tokens"));
      features = fit("N*(C) = k·C^β", PowerLawFitter.pure(computes(front), values(front, p -> p.features())), 1,
          nCi, ids(front), "least squares in ln N over the frontier points (the grid has no isoFLOP budgets)");
      tokens = fit("D*(C) = k·C^γ", PowerLawFitter.pure(computes(front), values(front, p -> p.tokens())), 1, dCi,
          ids(front), "least squares in ln D over the frontier points (the grid has no isoFLOP budgets)");
    } else {
      notes.add("features, tokens: no frontier to take optimal sizes from");
    }

    List<List<FitPoint>> scans = lrScans(points);
    List<Optimum> lrOptima = new ArrayList<>();
    for (List<FitPoint> scan : scans) {
      lrOptima.add(optimum(scan, FitPoint::lr, scan.getFirst().compute()));
    }
    Fit lr = null;
    if (lrOptima.size() >= 2 && lrOptima.stream().mapToDouble(Optimum::compute).distinct().count() >= 2) {
      double[] c = lrOptima.stream().mapToDouble(Optimum::compute).toArray();
      double[] r = lrOptima.stream().mapToDouble(Optimum::value).toArray();
      Bootstrap.Interval ci = Bootstrap.interval(scans, sample -> {
        List<List<FitPoint>> s = lrScans(sample);
        double[] sc = new double[s.size()];
        double[] sr = new double[s.size()];
        for (int i = 0; i < s.size(); i++) {
          Optimum o = optimum(s.get(i), FitPoint::lr, s.get(i).getFirst().compute());
          sc[i] = o.compute();
          sr[i] = o.value();
        }
        return PowerLawFitter.pure(sc, sr).exponent();
      }, resamples, Seeds.derive(seed, "sweep.bootstrap.lr"));
      lr = fit("lr*(C) = k·C^δ", PowerLawFitter.pure(c, r), 1, ci, lrOptima.stream().map(Optimum::best).toList(),
          "the minimum of a parabola in ln lr through each scan's losses (" + edges(lrOptima)
          + "), then least squares in ln lr*" + (lrOptima.size() == 2 ? "; two scans: the line is exact (R² = 1) "
          + "and only the interval says how well δ is known" : ""));
    } else {
      notes.add("lr: " + lrOptima.size() + " learning-rate scan(s) at distinct compute; a power law needs 2");
    }
    return new SweepFits(frontier, features, tokens, lr, ids(front), sizeOptima, lrOptima, notes);
  }

  /** Points that differ only in lr, grouped by (features, tokens), each with at least two learning rates. */
  static List<List<FitPoint>> lrScans(List<FitPoint> points) {
    Map<String, List<FitPoint>> scans = new LinkedHashMap<>();
    for (FitPoint p : points) {
      scans.computeIfAbsent(p.features() + "/" + p.tokens(), k -> new ArrayList<>()).add(p);
    }
    List<List<FitPoint>> out = new ArrayList<>();
    for (List<FitPoint> scan : scans.values()) {
      if (scan.stream().mapToDouble(FitPoint::lr).distinct().count() >= 2) {
        out.add(scan);
      }
    }
    out.sort(Comparator.comparingDouble(s -> s.getFirst().compute()));
    return out;
  }

  private static Optimum optimum(List<FitPoint> profile, ToDoubleFunction<FitPoint> x, double compute) {
    double[] xs = values(profile, x);
    double[] ls = values(profile, FitPoint::loss);
    Parabola.Minimum m = Parabola.minimum(xs, ls);
    FitPoint best = profile.stream().min(Comparator.comparingDouble(FitPoint::loss)).orElseThrow();
    return new Optimum(compute, m.x(), m.y(), m.interior(), profile.size(), best.id());
  }

  private static String edges(List<Optimum> optima) {
    long edge = optima.stream().filter(o -> !o.interior()).count();
    return edge == 0 ? "every optimum inside the range tried"
        : edge + " of " + optima.size() + " at the edge of the range tried, where the best measured point is used";
  }

  private static Fit fit(String formula, PowerLaw law, int sign, Bootstrap.Interval ci, List<String> ids,
                         String method) {
    Double low = null;
    Double high = null;
    if (ci != null) {
      low = ci.low();
      high = ci.high();
    }
    return new Fit(formula, law.coefficient(), sign * law.exponent(), low, high, ci == null ? 0 : ci.resamples(),
        law.parameters() == 3 ? law.asymptote() : null, law.r2(), law.points(), ids, method);
  }

  private static <K> Map<K, List<FitPoint>> group(List<FitPoint> points, Function<FitPoint, K> key) {
    Map<K, List<FitPoint>> groups = new LinkedHashMap<>();
    for (FitPoint p : points) {
      groups.computeIfAbsent(key.apply(p), k -> new ArrayList<>()).add(p);
    }
    return groups;
  }

  /** A resample without repeats: a point drawn twice is still one point of the frontier. */
  private static List<FitPoint> distinctIds(List<FitPoint> sample) {
    Map<String, FitPoint> byId = new LinkedHashMap<>();
    sample.forEach(p -> byId.putIfAbsent(p.id(), p));
    return new ArrayList<>(byId.values());
  }

  private static double[] computes(List<FitPoint> points) {
    return values(points, FitPoint::compute);
  }

  private static double[] values(List<FitPoint> points, ToDoubleFunction<FitPoint> f) {
    return points.stream().mapToDouble(f).toArray();
  }

  private static long distinct(List<FitPoint> points, ToDoubleFunction<FitPoint> f) {
    return points.stream().mapToDouble(f).distinct().count();
  }

  private static List<String> ids(List<FitPoint> points) {
    return points.stream().map(FitPoint::id).toList();
  }
}
