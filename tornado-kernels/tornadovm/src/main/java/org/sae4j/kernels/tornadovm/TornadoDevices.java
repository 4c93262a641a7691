package org.sae4j.kernels.tornadovm;

import java.util.ArrayList;
import java.util.List;
import uk.ac.manchester.tornado.api.TornadoBackend;
import uk.ac.manchester.tornado.api.TornadoRuntime;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.runtime.TornadoRuntimeProvider;

/**
 * Finds TornadoVM devices. This is the only class the provider calls before a backend exists, and it is
 * called only inside a {@code catch (Throwable)}: touching it links the TornadoVM runtime, which fails with
 * {@link NoClassDefFoundError} or {@link ExceptionInInitializerError} when TornadoVM is not on the module path.
 */
final class TornadoDevices {

  private TornadoDevices() {
  }

  /** One device, addressed the way TornadoVM numbers them: {@code backendIndex:deviceIndex}. */
  record Found(int backendIndex, int deviceIndex, String description) {
    String address() {
      return backendIndex + ":" + deviceIndex;
    }
  }

  /** Every device of every backend TornadoVM loaded; empty when it found none. */
  static List<Found> list() {
    TornadoRuntime runtime = TornadoRuntimeProvider.getTornadoRuntime();
    if (runtime == null) {
      throw new IllegalStateException("TornadoVM's runtime implementation did not load (tornado.runtime module)");
    }
    List<Found> all = new ArrayList<>();
    for (int b = 0; b < runtime.getNumBackends(); b++) {
      TornadoBackend backend = runtime.getBackend(b);
      for (int d = 0; d < backend.getNumDevices(); d++) {
        all.add(new Found(b, d, describe(backend.getDevice(d))));
      }
    }
    return all;
  }

  /**
   * The device for {@code address} ({@code "b:d"}), or TornadoVM's default device when it is null or empty.
   *
   * @throws IllegalArgumentException naming the known devices when the address is malformed or unknown
   */
  static TornadoDevice select(String address) {
    TornadoRuntime runtime = TornadoRuntimeProvider.getTornadoRuntime();
    if (address == null || address.isBlank()) {
      return runtime.getDefaultDevice();
    }
    String[] parts = address.trim().split(":");
    try {
      if (parts.length == 2) {
        int b = Integer.parseInt(parts[0]);
        int d = Integer.parseInt(parts[1]);
        if (b >= 0 && b < runtime.getNumBackends() && d >= 0 && d < runtime.getBackend(b).getNumDevices()) {
          return runtime.getBackend(b).getDevice(d);
        }
      }
    } catch (NumberFormatException e) {
      // reported below with the list of valid addresses
    }
    throw new IllegalArgumentException("TornadoVM device '" + address + "' does not exist; expected backend:device, one of "
        + list().stream().map(f -> f.address() + " (" + f.description() + ")").toList());
  }

  /** "name (platform, backend)", the description recorded in run.json. */
  static String describe(TornadoDevice device) {
    return device.getPhysicalDevice().getDeviceName().trim() + " (" + device.getPlatformName().trim() + ", "
        + device.getTornadoVMBackend() + " via TornadoVM)";
  }
}
