package org.sae4j.kernels.tornadovm;

import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.WorkerGrid2D;
import uk.ac.manchester.tornado.api.enums.TornadoDeviceType;

/**
 * The encoder kernel a backend runs and its work-group, chosen once per backend from the device type (or the
 * system property {@value #PROPERTY}) and recorded in run.json with the device: the register-tiled
 * {@code @Parallel} kernel ({@link EncoderKernels#encode}) or the {@code KernelContext} kernel with local-memory
 * tiles ({@link EncoderKernels#encodeLocal}), on a work-group of {@code localX} × {@code localY} work items given
 * by a {@link GridScheduler}, or (register-tiled, {@code localX} 0) on the local size TornadoVM derives itself.
 *
 * <p>A grid is safe for these kernels only because they take no argument that bounds a {@code @Parallel} loop:
 * for a task launched through a grid, TornadoVM 5.2 replaces every use of such an argument (not only the loop
 * bound) by a global work size, counted in the order its compiler meets them rather than by dimension
 * ({@code TornadoTaskSpecialisation}), which is what made the grid launches of the other kernels compute wrong
 * values on PoCL.
 *
 * @param local whether the local-memory kernel runs
 * @param localX work items per group along the features (0: TornadoVM's default local size)
 * @param localY work items per group along the rows (0 with {@code localX})
 */
record EncoderVariant(boolean local, int localX, int localY) {

  /**
   * System property choosing the variant: {@code register}, {@code register:XxY}, {@code local} (16 × 16) or
   * {@code local:XxY}; unset, the device type decides ({@link #forDevice}).
   */
  static final String PROPERTY = "sae.tornadovm.encoder";

  /** The register-tiled kernel on TornadoVM's own local size. */
  static final EncoderVariant REGISTER_TILED = new EncoderVariant(false, 0, 0);
  /**
   * The register-tiled kernel on work-groups of 8 feature tiles: on PoCL's CPU device TornadoVM's default
   * (64 × 64 work items) keeps each item's 64 accumulators in per-group memory between loop iterations; the
   * fastest measured here (README, "Measured").
   */
  static final EncoderVariant REGISTER_TILED_CPU = new EncoderVariant(false, 8, 1);
  static final EncoderVariant LOCAL_TILED = new EncoderVariant(true, EncoderKernels.LOCAL_MAX,
      EncoderKernels.LOCAL_MAX);

  EncoderVariant {
    int max = local ? EncoderKernels.LOCAL_MAX : MAX_REGISTER_GROUP;
    boolean tornadoDefault = !local && localX == 0 && localY == 0;
    if (!tornadoDefault && (localX < 1 || localX > max || localY < 1 || localY > max)) {
      throw new IllegalArgumentException("the " + (local ? "local-memory" : "register-tiled") + " encoder's"
          + " work-group is " + localX + "x" + localY + "; each side must be 1.." + max);
    }
  }

  /** Largest side of the register-tiled kernel's work-group. */
  private static final int MAX_REGISTER_GROUP = 64;

  /**
   * The variant named by {@code spelling} ({@value #PROPERTY}'s syntax), or, when it is null or blank, the one
   * for {@code type}: the local-memory kernel on GPUs, the register-tiled one on groups of 8 on CPUs, the
   * register-tiled one on TornadoVM's local size elsewhere.
   *
   * @throws IllegalArgumentException naming the property and the accepted values for any other spelling
   */
  static EncoderVariant forDevice(TornadoDeviceType type, String spelling) {
    if (spelling == null || spelling.isBlank()) {
      return switch (type) {
        case GPU -> LOCAL_TILED;
        case CPU -> REGISTER_TILED_CPU;
        default -> REGISTER_TILED;
      };
    }
    String s = spelling.trim();
    if (s.equals("register")) {
      return REGISTER_TILED;
    }
    if (s.equals("local")) {
      return LOCAL_TILED;
    }
    int colon = s.indexOf(':');
    String kind = colon < 0 ? s : s.substring(0, colon);
    String[] size = colon < 0 ? new String[0] : s.substring(colon + 1).split("x");
    try {
      if ((kind.equals("register") || kind.equals("local")) && size.length == 2) {
        return new EncoderVariant(kind.equals("local"), Integer.parseInt(size[0]), Integer.parseInt(size[1]));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(PROPERTY + " is '" + spelling + "'; expected register, register:XxY"
        + " (X, Y in 1.." + MAX_REGISTER_GROUP + "), local or local:XxY (X, Y in 1.." + EncoderKernels.LOCAL_MAX
        + ")");
  }

  /** Whether the kernel is launched through a grid (every variant but TornadoVM's own local size). */
  boolean hasGrid() {
    return localX > 0;
  }

  /** The words recorded with the device. */
  String description() {
    if (!local) {
      return EncoderKernels.VARIANT + (hasGrid() ? ", work-group " + localX + "x" + localY : "");
    }
    return "encoder local-memory tiles " + EncoderKernels.MICRO * localY + " rows x " + EncoderKernels.MICRO * localX
        + " features x " + EncoderKernels.DEPTH + " (KernelContext, work-group " + localX + "x" + localY + ")";
  }

  /**
   * Adds the kernel's grid for task {@code taskName} (graph.task) over m features and maxRows rows: whole
   * work-groups covering every tile (the kernels skip the work items past the last one).
   */
  void addGrid(GridScheduler grid, String taskName, int m, int maxRows) {
    int features = local ? EncoderKernels.MICRO * localX : EncoderKernels.TILE_FEATURES * localX;
    int rows = local ? EncoderKernels.MICRO * localY : EncoderKernels.TILE_ROWS * localY;
    WorkerGrid2D w = new WorkerGrid2D((m + features - 1) / features * localX, (maxRows + rows - 1) / rows * localY);
    w.setLocalWork(localX, localY, 1);
    grid.addWorkerGrid(taskName, w);
  }
}
