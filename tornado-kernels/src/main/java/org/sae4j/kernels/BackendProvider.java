package org.sae4j.kernels;

/**
 * Finds and builds one kind of backend; found through {@link java.util.ServiceLoader}. Providers are cheap to
 * instantiate: heavy work (device discovery, compilation) happens in {@link #availability()} or
 * {@link #create}.
 */
public interface BackendProvider {

  /** The name used in descriptors and {@code -Dsae.backend}. */
  String name();

  /**
   * Preference order for {@code backend: auto}: the available provider with the highest priority wins.
   * The JVM backend has priority 0.
   */
  int priority();

  /** Whether this backend can run here, and if not, why and how to fix it. */
  Availability availability();

  /**
   * Whether this backend runs the activation rule named {@code ruleName} ({@link ActivationRule#name()});
   * {@code backend: auto} passes over one that does not, and {@link #create} rejects the rule. Every rule unless
   * a provider says otherwise.
   */
  default boolean runs(String ruleName) {
    return true;
  }

  /**
   * Builds a backend that starts from {@code initial} (copied) and the given Adam state (copied).
   */
  Backend create(SaeParameters initial, AdamState adam, BackendOptions options);

  /**
   * Builds a backend that continues from a saved state, including the rule's {@link Backend#ruleState()}
   * ({@link RuleState#NONE} for a fresh start or a rule without state).
   *
   * @throws IllegalArgumentException when this backend does not keep such a state and it is not empty
   */
  default Backend create(SaeParameters initial, AdamState adam, RuleState ruleState, BackendOptions options) {
    if (!ruleState.equals(RuleState.NONE)) {
      throw new IllegalArgumentException("the " + name() + " backend cannot continue the " + options.rule().name()
          + " rule's state");
    }
    return create(initial, adam, options);
  }

  /** Whether a backend can run here; {@code reason} explains a {@code false}, or names the device. */
  record Availability(boolean available, String reason) {
    public static Availability yes(String device) {
      return new Availability(true, device);
    }

    public static Availability no(String reason) {
      return new Availability(false, reason);
    }
  }
}
