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
   * Finds the provider for {@code name}, for any activation rule (what the caller creates must be one the
   * backend runs: {@link #select(String, String, Consumer)} chooses by the rule).
   *
   * @param log receives one line saying which backend was chosen and, for {@code auto}, why others were not
   * @throws IllegalArgumentException when the name is unknown (listing the known ones) or the named backend is
   *     not available here (with the reason)
   */
  public static BackendProvider select(String name, Consumer<String> log) {
    return select(name, null, log);
  }

  /**
   * Finds the provider for {@code name} that is to run the activation rule named {@code ruleName}
   * ({@link ActivationRule#name()}; null for any): {@code auto} chooses the highest-priority available provider
   * that {@linkplain BackendProvider#runs runs} the rule, and a named backend that does not run it is rejected
   * here, before any data is prepared.
   *
   * @param log receives one line saying which backend was chosen and, for {@code auto}, why others were not
   * @throws IllegalArgumentException when the name is unknown (listing the known ones), the named backend is not
   *     available here (with the reason) or does not run the rule (naming the rule)
   */
  public static BackendProvider select(String name, String ruleName, Consumer<String> log) {
    return select(providers(), name, ruleName, log);
  }

  /** {@link #select(String, String, Consumer)} among {@code all}, highest priority first. */
  static BackendProvider select(List<BackendProvider> all, String name, String ruleName, Consumer<String> log) {
    if ("auto".equals(name)) {
      for (BackendProvider p : all) {
        if (ruleName != null && !p.runs(ruleName)) {
          log.accept("backend: auto skips " + p.name() + ": it does not run the " + ruleName + " architecture");
          continue;
        }
        BackendProvider.Availability a = p.availability();
        if (a.available()) {
          log.accept("backend: auto chose " + p.name() + " (" + a.reason() + ")");
          return p;
        }
        log.accept("backend: auto skips " + p.name() + ": " + a.reason());
      }
      throw new IllegalStateException("no backend is available" + (ruleName == null ? "" : " for the " + ruleName
          + " architecture") + "; registered: " + names(all));
    }
    for (BackendProvider p : all) {
      if (p.name().equals(name)) {
        if (ruleName != null && !p.runs(ruleName)) {
          throw new IllegalArgumentException("backend '" + name + "' does not run the " + ruleName
              + " architecture; use backend: jvm or auto");
        }
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
