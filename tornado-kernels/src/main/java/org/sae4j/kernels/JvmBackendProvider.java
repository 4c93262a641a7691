package org.sae4j.kernels;

/**
 * Provides the {@code jvm} backend: Java Vector API kernels on CPU threads, priority 0, available wherever the
 * {@code jdk.incubator.vector} module is resolved (the engine's JVM flags include
 * {@code --add-modules jdk.incubator.vector}). This class does not link any Vector API class itself, so that a
 * JVM without the module gets a clear reason instead of a {@link NoClassDefFoundError}.
 */
public final class JvmBackendProvider implements BackendProvider {

  /** The name used in descriptors. */
  public static final String NAME = "jvm";
  private static final String VECTOR_MODULE = "jdk.incubator.vector";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public Availability availability() {
    if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
      return Availability.no("the Vector API module is not loaded; start the JVM with --add-modules "
          + VECTOR_MODULE);
    }
    return Availability.yes("CPU, " + Runtime.getRuntime().availableProcessors() + " threads, "
        + VectorOps.FLOATS.vectorBitSize() + "-bit vectors");
  }

  /**
   * Builds a JVM backend; it starts {@code options.threads() − 1} worker threads, which its {@code close()}
   * stops.
   *
   * @throws IllegalStateException when the Vector API module is missing
   */
  @Override
  public Backend create(SaeParameters initial, AdamState adam, BackendOptions options) {
    return create(initial, adam, RuleState.NONE, options);
  }

  @Override
  public Backend create(SaeParameters initial, AdamState adam, RuleState ruleState, BackendOptions options) {
    Availability a = availability();
    if (!a.available()) {
      throw new IllegalStateException("backend '" + NAME + "' is not available: " + a.reason());
    }
    return new JvmBackend(initial, adam, ruleState, options);
  }
}
