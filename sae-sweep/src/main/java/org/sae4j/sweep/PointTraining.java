package org.sae4j.sweep;

import java.io.IOException;
import java.util.function.Consumer;
import org.sae4j.core.Engine;
import org.sae4j.core.descriptor.SweepPoint;

/** Trains and evaluates one point into its run directory through {@link Engine}: what every runner does per point. */
public final class PointTraining {

  private PointTraining() {
  }

  /**
   * @param layout where the sweep's points and data live
   * @param threads the point's backend threads
   * @param log receives the engine's lines, prefixed with the point's id
   */
  public static void run(SweepLayout layout, SweepPoint point, int threads, Consumer<String> log) throws IOException {
    Engine engine = engine(layout, point, threads, log);
    engine.train();
    engine.evaluate();
  }

  /** The engine of a point's run, its log lines prefixed with the point's id. */
  static Engine engine(SweepLayout layout, SweepPoint point, int threads, Consumer<String> log) {
    return new Engine(point.descriptor(), layout.point(point.id()), threads,
        line -> log.accept(line.startsWith("WARN ") ? "WARN [" + point.id() + "] " + line.substring(5)
            : "[" + point.id() + "] " + line));
  }
}
