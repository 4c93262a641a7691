package org.sae4j.kernels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * Chooses a backend by name: {@code auto} (the highest-priority available one), {@code jvm}, {@code tornadovm}
 * or any other registered provider.
 */
public final class Backends {

  private Backends() {
  }

  /** All registered providers, highest priority first. */
  public static List<BackendProvider> providers() {
    List<BackendProvider> all = new ArrayList<>();
    ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader()).forEach(all::add);
    all.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
    return all;
  }

  /**
   * Finds the provider for {@code name}.
   *
   * @param log receives one line saying which backend was chosen and, for {@code auto}, why others were not
   * @throws IllegalArgumentException when the name is unknown (listing the known ones) or the named backend is
   *     not available here (with the reason)
   */
  public static BackendProvider select(String name, Consumer<String> log) {
    List<BackendProvider> all = providers();
    if ("auto".equals(name)) {
      for (BackendProvider p : all) {
        BackendProvider.Availability a = p.availability();
        if (a.available()) {
          log.accept("backend: auto chose " + p.name() + " (" + a.reason() + ")");
          return p;
        }
        log.accept("backend: auto skips " + p.name() + ": " + a.reason());
      }
      throw new IllegalStateException("no backend is available; registered: " + names(all));
    }
    for (BackendProvider p : all) {
      if (p.name().equals(name)) {
        BackendProvider.Availability a = p.availability();
        if (!a.available()) {
          throw new IllegalArgumentException("backend '" + name + "' is not available: " + a.reason());
        }
        log.accept("backend: " + p.name() + " (" + a.reason() + ")");
        return p;
      }
    }
    throw new IllegalArgumentException("unknown backend '" + name + "'; known: auto, " + String.join(", ", names(all)));
  }

  private static List<String> names(List<BackendProvider> all) {
    return all.stream().map(BackendProvider::name).toList();
  }
}
