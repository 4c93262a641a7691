package org.sae4j.sweep;

import java.util.ServiceLoader;

/** Finds the {@link PointRunner} that {@code sweep.runner} names: {@code local} here, others as services. */
public final class PointRunners {

  private PointRunners() {
  }

  /**
   * The runner named {@code name}.
   *
   * @throws IllegalArgumentException when no runner of that name is on the class path, saying what to add
   */
  public static PointRunner named(String name) {
    if (name.equals("local")) {
      return new LocalPointRunner();
    }
    for (PointRunner r : ServiceLoader.load(PointRunner.class)) {
      if (r.name().equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException("sweep.runner " + name + " is not on the class path: the spark runner is the "
        + "optional module org.sae4j:sae-spark (with Apache Spark); add it as a dependency of sae-maven-plugin, or "
        + "put its jars on the CLI's class path (docs/sweeps.md)");
  }
}
