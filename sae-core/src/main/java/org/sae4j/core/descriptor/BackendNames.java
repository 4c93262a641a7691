package org.sae4j.core.descriptor;

import java.util.ArrayList;
import java.util.List;
import org.sae4j.kernels.BackendProvider;
import org.sae4j.kernels.Backends;

/**
 * The backend names a descriptor or an override may use: {@code auto}, every {@link BackendProvider} on the class
 * path, and {@code tornadovm}, whose provider ships in its own jar ({@code tornado-kernels-tornadovm}) that the
 * plugin adds to the engine's class path only when it forks. Whether the named backend can run on this machine is
 * decided when it starts; here only the name is checked, so that a typo fails before anything is written.
 */
final class BackendNames {
  /** The TornadoVM provider's name; its class is not on sae-core's class path. */
  static final String TORNADOVM = "tornadovm";

  private BackendNames() {
  }

  /** {@code auto} first, then the registered providers by priority, then {@code tornadovm} if not among them. */
  static List<String> known() {
    List<String> names = new ArrayList<>();
    names.add(Descriptor.AUTO);
    for (BackendProvider p : Backends.providers()) {
      if (!names.contains(p.name())) {
        names.add(p.name());
      }
    }
    if (!names.contains(TORNADOVM)) {
      names.add(TORNADOVM);
    }
    return List.copyOf(names);
  }

  /**
   * What an error about a backend name says is allowed.
   *
   * @param rejected the rejected name, suggested a near miss of; null for none
   */
  static String allowed(String rejected) {
    List<String> known = known();
    return (rejected == null ? "" : Suggestions.didYouMean(rejected, known)) + "allowed: " + String.join(", ", known);
  }
}
