package org.sae4j.kernels.tornadovm;

import org.sae4j.kernels.VectorWidthProbe;

/**
 * Run in a child JVM by {@link WorkGroupSizeDeterminismTest}: prints {@code state <digest>} of a few TornadoVM
 * steps, the parameters, Adam's state and a forward pass ({@link VectorWidthProbe#stateDigest}).
 */
final class WorkGroupProbe {

  private WorkGroupProbe() {
  }

  public static void main(String[] args) {
    // The register-tiled encoder on TornadoVM's own local size, which POCL_MAX_WORK_GROUP_SIZE changes (the CPU
    // default's explicit 8x1 grid would not).
    System.out.println("state " + VectorWidthProbe.stateDigest(new TornadoVmBackendProvider(null, "register"), 1));
  }
}
