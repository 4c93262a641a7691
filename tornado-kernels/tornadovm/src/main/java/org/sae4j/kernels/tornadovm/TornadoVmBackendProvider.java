package org.sae4j.kernels.tornadovm;

import java.util.List;
import java.util.Set;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.BackendChecks;
import org.sae4j.kernels.BackendOptions;
import org.sae4j.kernels.BackendProvider;
import org.sae4j.kernels.RuleState;
import org.sae4j.kernels.SaeParameters;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/**
 * Provides the {@code tornadovm} backend (priority 10, so {@code backend: auto} prefers it when it can run).
 * Availability is checked for real: TornadoVM has no fallback of its own, so this provider loads the runtime
 * and lists its devices, and reports what is missing and how to install it when that fails. Instantiating the
 * provider links no TornadoVM class; the first {@link #availability()} does, and its answer is kept.
 *
 * <p>The device is TornadoVM's default device unless the system property {@value #DEVICE_PROPERTY} names one
 * as {@code backendIndex:deviceIndex} (the numbering of {@code tornado --devices}).
 */
public final class TornadoVmBackendProvider implements BackendProvider {

  /** The name used in descriptors. */
  public static final String NAME = "tornadovm";
  /** System property choosing the device, {@code backendIndex:deviceIndex}. */
  public static final String DEVICE_PROPERTY = "sae.tornadovm.device";

  /**
   * TornadoVM's buffer for the bytecodes of a task graph (bytes). The step graph, with its AuxK lists, needs more
   * than the default 4096 (TornadoVM then reports a "Buffer Overflow" and gives up on the graph); it is set before
   * the runtime starts unless the JVM was given one.
   */
  static final String BYTECODE_BUFFER_PROPERTY = "tornado.tvm.maxbytecodesize";
  private static final String BYTECODE_BUFFER = "32768";

  static final String INSTALL_HINT = "install TornadoVM 5.2.0-jdk25 with an OpenCL or PTX backend, set TORNADOVM_HOME"
      + " to its SDK directory and start the JVM with @$TORNADOVM_HOME/tornado-argfile"
      + " (see tornado-kernels/tornadovm/README.md)";

  /** The activation rules this backend runs ({@link org.sae4j.kernels.ActivationRule#name()}). */
  static final Set<String> RULES = Set.of("relu", "topk");

  private final String deviceAddress;
  private final String encoder;
  private Availability availability;

  /**
   * A provider for the device named by {@value #DEVICE_PROPERTY}, or the default device, with the encoder named
   * by {@value EncoderVariant#PROPERTY}, or the device type's.
   */
  public TornadoVmBackendProvider() {
    this(System.getProperty(DEVICE_PROPERTY), System.getProperty(EncoderVariant.PROPERTY));
  }

  /** A provider for the device at {@code deviceAddress} ({@code "b:d"}), or the default device when null. */
  TornadoVmBackendProvider(String deviceAddress) {
    this(deviceAddress, null);
  }

  /**
   * A provider for the device at {@code deviceAddress} (or the default device when null) with the encoder
   * {@code encoder} ({@link EncoderVariant#forDevice}'s spelling; null for the device type's).
   */
  TornadoVmBackendProvider(String deviceAddress, String encoder) {
    this.deviceAddress = deviceAddress;
    this.encoder = encoder;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public boolean runs(String ruleName) {
    return RULES.contains(ruleName);
  }

  @Override
  public synchronized Availability availability() {
    if (availability == null) {
      availability = probe();
    }
    return availability;
  }

  private Availability probe() {
    if (System.getProperty(BYTECODE_BUFFER_PROPERTY) == null) {
      System.setProperty(BYTECODE_BUFFER_PROPERTY, BYTECODE_BUFFER);
    }
    try {
      Class.forName("uk.ac.manchester.tornado.api.TaskGraph", false, getClass().getClassLoader());
    } catch (Throwable e) {
      return Availability.no("the TornadoVM API (tornado-api) is not on the class or module path (" + e + "); "
          + INSTALL_HINT);
    }
    try {
      List<TornadoDevices.Found> devices = TornadoDevices.list();
      if (devices.isEmpty()) {
        return Availability.no("TornadoVM loaded but found no device; check the OpenCL/CUDA driver with"
            + " `clinfo` or `tornado --devices` (" + INSTALL_HINT + ")");
      }
      return Availability.yes(TornadoDevices.describe(TornadoDevices.select(deviceAddress)));
    } catch (IllegalArgumentException e) {
      return Availability.no(e.getMessage());
    } catch (Throwable e) {
      return Availability.no("the TornadoVM runtime did not start (" + rootCause(e) + "); " + INSTALL_HINT);
    }
  }

  /**
   * Builds a TornadoVM backend on the chosen device; the task graph is compiled on the first step.
   *
   * @throws IllegalStateException when TornadoVM or a device is missing, with the reason
   */
  @Override
  public Backend create(SaeParameters initial, AdamState adam, BackendOptions options) {
    return create(initial, adam, RuleState.NONE, options);
  }

  /**
   * Builds a TornadoVM backend that continues from {@code ruleState} (the TopK rule's step counts).
   *
   * @throws IllegalArgumentException for a rule the backend does not run, naming it, or a state not of the rule
   * @throws IllegalStateException when TornadoVM or a device is missing, with the reason
   */
  @Override
  public Backend create(SaeParameters initial, AdamState adam, RuleState ruleState, BackendOptions options) {
    BackendChecks.checkRule(NAME, RULES, options.rule());
    Availability a = availability();
    if (!a.available()) {
      throw new IllegalStateException("backend '" + NAME + "' is not available: " + a.reason());
    }
    TornadoDevice device = TornadoDevices.select(deviceAddress);
    return new TornadoVmBackend(initial, adam, ruleState, options, device,
        EncoderVariant.forDevice(device.getDeviceType(), encoder));
  }

  private static String rootCause(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c == e ? e.toString() : e + ", caused by " + c;
  }
}
