package org.sae4j.core.descriptor;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One point of a sweep: an ordinary experiment with its own resolved descriptor (named {@link #id()}), trained on the
 * sweep's shared data set.
 *
 * @param id the point's name, e.g. {@code f256-t500k}; names its run directory {@code <sweep>/points/<id>/}
 * @param descriptor the point's experiment: the sweep's descriptor with the axis values set and no goals
 * @param budget the compute budget C of the isoFLOP design this point belongs to, or null
 * @param roles which parts of the design asked for the point (one point can serve several)
 */
public record SweepPoint(String id, Descriptor descriptor, Double budget, Set<Role> roles) {

  /** Why a point is in the sweep. */
  public enum Role {
    /** A cell of the grid (dictionary size × tokens, and any lr or λ axis). */
    GRID,
    /** A feature count at one isoFLOP budget. */
    ISOFLOP,
    /** A learning rate at one of the lr axis's points. */
    LR
  }

  public SweepPoint {
    Objects.requireNonNull(descriptor, "descriptor");
    if (!id.equals(descriptor.name())) {
      throw new IllegalArgumentException("point " + id + " has descriptor " + descriptor.name());
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("point " + id + " has no role");
    }
    roles = Set.copyOf(EnumSet.copyOf(roles));
  }

  /** m, the dictionary size. */
  public int features() {
    return descriptor.sae().features();
  }

  /** The training tokens set by the sweep ({@link TrainingSpec#ALL_TOKENS} when the sweep does not set them). */
  public long tokens() {
    return descriptor.training().tokens();
  }

  /** The peak learning rate. */
  public double lr() {
    return descriptor.training().lr();
  }

  /** The final λ. */
  public double l1() {
    return descriptor.training().l1();
  }
}
