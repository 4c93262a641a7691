package org.sae4j.sweep;

import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Finds the runners {@code sweep.runner} and {@code harvest.runner} name: {@code local} is built in, others are
 * services ({@code sae-spark} provides {@code spark}).
 */
public final class Runners {

  private Runners() {
  }

  /**
   * The point runner named {@code name}.
   *
   * @throws IllegalArgumentException when no runner of that name is on the class path, saying what to add
   */
  public static PointRunner points(String name) {
    return name.equals("local") ? new LocalPointRunner() : service(PointRunner.class, PointRunner::name, name,
        "sweep.runner");
  }

  /**
   * The harvest runner named {@code name}, or null for {@code local} (the harvest runs in this JVM).
   *
   * @throws IllegalArgumentException when no runner of that name is on the class path, saying what to add
   */
  public static HarvestRunner harvest(String name) {
    return name.equals("local") ? null : service(HarvestRunner.class, HarvestRunner::name, name, "harvest.runner");
  }

  private static <T> T service(Class<T> type, Function<T, String> names, String name, String key) {
    for (T r : ServiceLoader.load(type)) {
      if (names.apply(r).equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException(key + " " + name + " is not on the class path: the spark runners are the "
        + "optional module org.sae4j:sae-spark (with Apache Spark); add it as a dependency of sae-maven-plugin, or "
        + "put its jars on the CLI's class path (docs/sweeps.md)");
  }
}
