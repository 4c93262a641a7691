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
    System.out.println("state " + VectorWidthProbe.stateDigest(new TornadoVmBackendProvider(null), 1));
  }
}
