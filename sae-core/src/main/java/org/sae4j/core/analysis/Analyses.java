package org.sae4j.core.analysis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.sae4j.core.descriptor.AnalysisMetric;
import org.sae4j.core.descriptor.MetricKey;

/**
 * The analyses on the class path, found with {@link ServiceLoader} ({@code META-INF/services/} file
 * {@code org.sae4j.core.analysis.Analysis}), in the order the service files list them: the order they run in and are
 * written in a resolved descriptor. Checked once when first used: names are unique and valid, and every analysis
 * metric an analysis declares is under {@code analysis.<its name>.}.
 */
public final class Analyses {
  private static final List<Analysis<?>> ALL = load();

  private Analyses() {
  }

  /** Every analysis, in service-file order. */
  public static List<Analysis<?>> all() {
    return ALL;
  }

  /** The analysis called {@code name}. */
  public static Optional<Analysis<?>> byName(String name) {
    return ALL.stream().filter(a -> a.name().equals(name)).findFirst();
  }

  /** Every analysis's name, in service-file order. */
  public static List<String> names() {
    return ALL.stream().map(Analysis::name).toList();
  }

  private static List<Analysis<?>> load() {
    List<Analysis<?>> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Analysis<?> a : ServiceLoader.load(Analysis.class, Analysis.class.getClassLoader())) {
      String name = a.name();
      if (!AnalysisMetric.NAME.matcher(name).matches() || !names.add(name)) {
        throw new IllegalStateException(a.getClass().getName() + ": analysis name '" + name + "' is "
            + (names.contains(name) ? "taken by another analysis" : "not of the form " + AnalysisMetric.NAME));
      }
      for (MetricKey m : a.metrics()) {
        if (m instanceof AnalysisMetric am && !am.analysis().equals(name)) {
          throw new IllegalStateException(a.getClass().getName() + " declares metric " + m.key()
              + ", outside analysis." + name + ".");
        }
      }
      out.add(a);
    }
    return List.copyOf(out);
  }
}
