package org.sae4j.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark harness behind {@code benchmarks/run}: sae4j's JVM backend against the dense PyTorch step
 * (DJL) on the same synthetic data, then the encoder GEMM against DJL's {@code matMul}; or, in mode
 * {@code backends}, two sae4j backends chosen by name against each other ({@link BackendComparison}). Prints a
 * table per comparison (median, min and max per side) and, as its last line, a {@code RESULT} line with the keys
 * it measured, e.g. {@code RESULT step_speedup_vs_pytorch=<x> gemm_ratio_vs_pytorch=<y>}.
 *
 * <p>Usage: {@code StepBenchmark <step|step-300|quick|gemm|backends> [--warmup N] [--reps N] [--threads N]
 * [--seed N] [--l0 K] [--shape N,M,B] [--baseline NAME] [--candidate NAME]}.
 */
public final class StepBenchmark {

  private StepBenchmark() {
  }

  static final String USAGE = "usage: StepBenchmark <step|step-300|quick|gemm|backends> [--warmup N] [--reps N]"
      + " [--threads N] [--seed N] [--l0 K] [--shape N,M,B] [--baseline NAME] [--candidate NAME]";
  /** Mode {@code backends}'s default shape: moderate, because TornadoVM's dense kernels are slow on PoCL. */
  static final BenchShape BACKENDS_SHAPE = new BenchShape("backends", 256, 2048, 1024, 64);
  /** Untimed steps mode {@code backends} needs at least: a device backend compiles its kernels in the first. */
  static final int BACKENDS_MIN_WARMUP = 2;

  /**
   * The mode's comparisons and the settings, as parsed from the command line.
   *
   * @param baseline mode {@code backends}: the backend whose median is the ratio's numerator; else null
   * @param candidate mode {@code backends}: the other backend; else null
   * @param architecture {@code --arch}: the architecture whose step is timed against the ReLU step after the
   *     PyTorch comparison ({@link ArchitectureComparison#KINDS}); null for none
   */
  record Invocation(String mode, BenchShape shape, boolean step, boolean gemm, BenchSettings settings,
                    String baseline, String candidate, String architecture) {

    /** A PyTorch comparison (modes other than {@code backends}) without an architecture comparison. */
    Invocation(String mode, BenchShape shape, boolean step, boolean gemm, BenchSettings settings) {
      this(mode, shape, step, gemm, settings, null, null, null);
    }

    /** Whether this invocation compares two sae4j backends rather than sae4j with PyTorch. */
    boolean backends() {
      return baseline != null;
    }
  }

  public static void main(String[] args) {
    Invocation invocation;
    try {
      invocation = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    try {
      run(invocation, System.out);
    } catch (IllegalArgumentException e) {
      // A backend that is unknown or not available here: its reason says what is missing.
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Parses {@code args}; an unknown mode or option, or a bad number, is an error that names it. */
  static Invocation parse(String[] args) {
    if (args.length == 0) {
      throw new IllegalArgumentException("no mode given");
    }
    String mode = args[0];
    BenchShape shape;
    boolean step = true;
    boolean gemm = true;
    switch (mode) {
      case "step" -> shape = BenchShape.BIG_L0_64;
      case "step-300" -> {
        shape = BenchShape.BIG_L0_300;
        gemm = false;
      }
      case "quick" -> shape = BenchShape.QUICK;
      case "gemm" -> {
        shape = BenchShape.BIG_L0_64;
        step = false;
      }
      case "backends" -> {
        shape = BACKENDS_SHAPE;
        gemm = false;
      }
      default -> throw new IllegalArgumentException("unknown mode '" + mode
          + "'; known: step, step-300, quick, gemm, backends");
    }
    boolean backends = "backends".equals(mode);
    String baseline = backends ? "jvm" : null;
    String candidate = backends ? "tornadovm" : null;
    BenchSettings d = BenchSettings.defaults();
    int warmup = d.warmup();
    int reps = d.repetitions();
    int threads = d.threads();
    long seed = d.seed();
    String architecture = null;
    for (int i = 1; i < args.length; i += 2) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + option + " needs a value");
      }
      String value = args[i + 1];
      try {
        switch (option) {
          case "--warmup" -> warmup = Integer.parseInt(value);
          case "--reps" -> reps = Integer.parseInt(value);
          case "--threads" -> threads = Integer.parseInt(value);
          case "--seed" -> seed = Long.parseLong(value);
          case "--l0" -> shape = new BenchShape(shape.label(), shape.inputDim(), shape.features(), shape.rows(),
              Double.parseDouble(value));
          case "--shape" -> shape = parseShape(value, shape);
          case "--baseline" -> baseline = backendName(option, value, backends);
          case "--candidate" -> candidate = backendName(option, value, backends);
          case "--arch" -> architecture = architecture(mode, value);
          default -> throw new IllegalArgumentException("unknown option '" + option
              + "'; known: --warmup, --reps, --threads, --seed, --l0, --shape, --arch, --baseline, --candidate");
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("option " + option + " expects a number, got '" + value + "'", e);
      }
    }
    if (backends && warmup < BACKENDS_MIN_WARMUP) {
      throw new IllegalArgumentException("mode backends needs --warmup >= " + BACKENDS_MIN_WARMUP
          + " (a device backend compiles its kernels in its first steps), got " + warmup);
    }
    if (backends && baseline.equals(candidate)) {
      throw new IllegalArgumentException("--baseline and --candidate are both '" + baseline
          + "'; name two different backends");
    }
    BenchSettings settings = new BenchSettings(warmup, reps, threads, seed, d.batchCount(), d.learningRate(),
        d.l1Coefficient());
    // The architecture comparison replaces the GEMM comparison, which does not depend on the architecture.
    return new Invocation(mode, shape, step, gemm && architecture == null, settings, baseline, candidate,
        architecture);
  }

  /** {@code --arch}: a kind the comparison knows, with a step mode. */
  private static String architecture(String mode, String value) {
    if (!mode.equals("step") && !mode.equals("step-300") && !mode.equals("quick")) {
      throw new IllegalArgumentException("option --arch applies only to modes step, step-300 and quick");
    }
    if (!ArchitectureComparison.KINDS.contains(value)) {
      throw new IllegalArgumentException("option --arch expects one of " + String.join(", ",
          ArchitectureComparison.KINDS) + ", got '" + value + "'");
    }
    return value;
  }

  /** {@code N,M,B} as a shape with {@code current}'s label and target L0. */
  private static BenchShape parseShape(String value, BenchShape current) {
    String[] parts = value.split(",", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("option --shape expects N,M,B (input dim, features, rows), got '" + value
          + "'");
    }
    return new BenchShape(current.label(), Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
        Integer.parseInt(parts[2].trim()), current.targetL0());
  }

  private static String backendName(String option, String value, boolean backendsMode) {
    if (!backendsMode) {
      throw new IllegalArgumentException("option " + option + " applies only to mode backends");
    }
    if (!value.matches("[a-z][a-z0-9_-]*")) {
      throw new IllegalArgumentException("option " + option + " expects a backend name such as jvm or tornadovm,"
          + " got '" + value + "'");
    }
    return value;
  }

  /** Runs the invocation's comparisons, printing progress, the tables and the RESULT line to {@code out}. */
  static void run(Invocation invocation, PrintStream out) {
    if (invocation.backends()) {
      runBackends(invocation, out);
      return;
    }
    BenchSettings settings = invocation.settings();
    BenchShape shape = invocation.shape();
    ReferenceStep.setIntraOpThreads(settings.threads());
    out.printf(Locale.ROOT, "machine: %s, %d cores seen by the JVM; Java %s; PyTorch %s via DJL%n", cpuModel(),
        Runtime.getRuntime().availableProcessors(), Runtime.version(), ReferenceStep.pytorchVersion());
    out.printf(Locale.ROOT, "threads: sae4j jvm backend %d, pytorch intra-op %d; warm-up %d, timed %d, seed %d%n",
        settings.threads(), ReferenceStep.intraOpThreads(), settings.warmup(), settings.repetitions(),
        settings.seed());
    out.println("load average at start: " + loadAverage());
    FmaPeak.Result before = peak(settings.threads(), "before", out);
    SyntheticWorkload data = workload(shape, settings, out);
    List<String> result = new ArrayList<>();
    List<String> tables = new ArrayList<>();
    StepComparison.Result step = null;
    GemmComparison.Result gemm = null;
    if (invocation.step()) {
      StepComparison.Result r = StepComparison.run(shape, settings, data, out::println);
      step = r;
      result.add(String.format(Locale.ROOT, "step_speedup_vs_pytorch=%.2f", r.speedup()));
      String arch = invocation.architecture();
      if (arch != null) {
        int k = (int) Math.round(shape.targetL0());
        SyntheticWorkload wide = workload(new BenchShape(shape.label(), shape.inputDim(), shape.features(),
            shape.rows(), 2.0 * k), settings, out);
        ArchitectureComparison.Result a = ArchitectureComparison.run(arch, shape, settings, data, wide, k,
            out::println);
        tables.add(architectureTable(shape, a, r));
        result.add(String.format(Locale.ROOT, "%s_vs_relu_step=%.3f %s_speedup_vs_pytorch=%.2f", arch, a.ratio(),
            arch, r.reference().median() / a.candidate().median()));
      }
    }
    if (invocation.gemm()) {
      gemm = GemmComparison.run(shape, settings, data, out::println);
      result.add(String.format(Locale.ROOT, "gemm_ratio_vs_pytorch=%.2f", gemm.ratio()));
    }
    FmaPeak.Result after = peak(settings.threads(), "after", out);
    FmaPeak.Result peak = before.gflops() >= after.gflops() ? before : after;
    if (step != null) {
      tables.add(0, stepTable(shape, step, peak));
      result.add(String.format(Locale.ROOT, "step_vs_floor=%.2f", step.sae4j().median()
          / peak.floorMillis(shape.encoderFlops())));
    }
    if (gemm != null) {
      tables.add(gemmTable(shape, gemm, peak));
      result.add(String.format(Locale.ROOT, "gemm_fraction_of_peak=%.2f", gemm.sae4j().ratePerSecond(gemm.flops())
          / 1e9 / peak.gflops()));
    }
    result.add(String.format(Locale.ROOT, "fma_peak_gflops=%.0f", peak.gflops()));
    out.println("load average at end: " + loadAverage());
    tables.forEach(out::print);
    out.println("RESULT " + String.join(" ", result));
    out.flush();
  }

  /** Measures the FMA peak for {@code threads} threads and prints it. */
  private static FmaPeak.Result peak(int threads, String when, PrintStream out) {
    FmaPeak.Result p = FmaPeak.measure(threads);
    out.printf(Locale.ROOT, "fp32 FMA peak %s the comparisons: %.1f GFLOP/s (%d threads, %d-lane vectors, %d chains"
        + " each, best of the repetitions)%n", when, p.gflops(), p.threads(), p.lanes(), FmaPeak.CHAINS);
    return p;
  }

  static String stepTable(BenchShape shape, StepComparison.Result r, FmaPeak.Result peak) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%n== training step: %s, target L0 %.0f ==%n", shape, shape.targetL0()));
    s.append(header("tokens/s"));
    for (Timing t : List.of(r.sae4j(), r.reference())) {
      s.append(row(t, t.ratePerSecond(shape.rows()), "%12.0f"));
    }
    double lossDiff = Math.abs(r.sae4jFirstLoss() - r.referenceFirstLoss()) / Math.abs(r.referenceFirstLoss());
    s.append(String.format(Locale.ROOT, "measured L0 (timed steps): sae4j %.1f, pytorch %.1f%n", r.sae4jL0(),
        r.referenceL0()));
    s.append(String.format(Locale.ROOT, "first-step loss: sae4j %.6f, pytorch %.6f (relative difference %.1e)%n",
        r.sae4jFirstLoss(), r.referenceFirstLoss(), lossDiff));
    s.append(String.format(Locale.ROOT, "step speedup (pytorch median / sae4j median): %.2fx%n", r.speedup()));
    double floor = peak.floorMillis(shape.encoderFlops());
    s.append(String.format(Locale.ROOT, "floor (encoder product's %.1f GFLOP at the FMA peak, %.1f GFLOP/s): %.1f ms;"
        + " step / floor: %.2f (target <= 1.5)%n", shape.encoderFlops() / 1e9, peak.gflops(), floor,
        r.sae4j().median() / floor));
    return s.toString();
  }

  /**
   * Option {@code --arch}: the architecture's step against ReLU (interleaved, same batches, same L0) and against the
   * dense PyTorch step of the ReLU comparison that ran just before (the same dense work whatever the architecture).
   */
  static String architectureTable(BenchShape shape, ArchitectureComparison.Result a, StepComparison.Result r) {
    String arch = a.architecture();
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%n== training step, %s vs relu-l1: %s, L0 %.0f ==%n", arch, shape,
        shape.targetL0()));
    s.append(header("tokens/s"));
    for (Timing t : List.of(a.relu(), a.candidate())) {
      s.append(row(t, t.ratePerSecond(shape.rows()), "%12.0f"));
    }
    s.append(String.format(Locale.ROOT, "measured L0 (timed steps): relu-l1 %.1f, %s %.1f%n", a.reluL0(), arch,
        a.candidateL0()));
    s.append(String.format(Locale.ROOT, "%s / relu-l1 step time: %.3f (target <= 1.25)%n", arch, a.ratio()));
    s.append(String.format(Locale.ROOT, "%s speedup vs pytorch (pytorch median above / %s median): %.2fx "
        + "(target >= 8)%n", arch, arch, r.reference().median() / a.candidate().median()));
    return s.toString();
  }

  /** Mode {@code backends}: no PyTorch is loaded; the RESULT line names both backends' medians and the ratio. */
  private static void runBackends(Invocation invocation, PrintStream out) {
    BenchSettings settings = invocation.settings();
    BenchShape shape = invocation.shape();
    out.printf(Locale.ROOT, "machine: %s, %d cores seen by the JVM; Java %s%n", cpuModel(),
        Runtime.getRuntime().availableProcessors(), Runtime.version());
    out.printf(Locale.ROOT, "backends: %s (baseline) vs %s; jvm backend threads %d; warm-up %d, timed %d, seed %d%n",
        invocation.baseline(), invocation.candidate(), settings.threads(), settings.warmup(),
        settings.repetitions(), settings.seed());
    out.println("load average at start: " + loadAverage());
    SyntheticWorkload data = workload(shape, settings, out);
    BackendComparison.Result r = BackendComparison.run(invocation.baseline(), invocation.candidate(), shape,
        settings, data, out::println);
    out.println("load average at end: " + loadAverage());
    out.print(r.table(shape));
    out.println(r.resultLine());
    out.flush();
  }

  static String gemmTable(BenchShape shape, GemmComparison.Result r, FmaPeak.Result peak) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%n== encoder GEMM X·W_eᵀ: %s, %.1f GFLOP per product ==%n", shape,
        r.flops() / 1e9));
    s.append(header("GFLOP/s"));
    for (Timing t : List.of(r.sae4j(), r.reference())) {
      s.append(row(t, t.ratePerSecond(r.flops()) / 1e9, "%12.1f"));
    }
    s.append(String.format(Locale.ROOT, "gemm ratio (sae4j GFLOP/s / pytorch GFLOP/s): %.2f%n", r.ratio()));
    for (Timing t : List.of(r.sae4j(), r.reference())) {
      s.append(String.format(Locale.ROOT, "%s: %.0f %% of the FMA peak (%.1f GFLOP/s)%n", t.side(),
          100 * t.ratePerSecond(r.flops()) / 1e9 / peak.gflops(), peak.gflops()));
    }
    return s.toString();
  }

  private static SyntheticWorkload workload(BenchShape shape, BenchSettings settings, PrintStream out) {
    long t0 = System.nanoTime();
    SyntheticWorkload data = SyntheticWorkload.generate(shape.inputDim(), shape.features(), shape.rows(),
        settings.batchCount(), shape.targetL0(), settings.seed());
    out.printf(Locale.ROOT, "data: %d batches of %s, encoder bias %.5f for target L0 %.0f (%.1f s)%n",
        settings.batchCount(), shape, data.biasShift(), shape.targetL0(), (System.nanoTime() - t0) / 1e9);
    return data;
  }

  static String header(String rateColumn) {
    return String.format(Locale.ROOT, "%-36s %10s %10s %10s %12s%n", "side", "median ms", "min ms", "max ms",
        rateColumn);
  }

  static String row(Timing t, double rate, String rateFormat) {
    return String.format(Locale.ROOT, "%-36s %10.1f %10.1f %10.1f " + rateFormat + "%n", t.side(), t.median(),
        t.min(), t.max(), rate);
  }

  /** The CPU model from /proc/cpuinfo, or the architecture where that file is absent. */
  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // Not Linux: fall through to the architecture, which is all the table needs.
    }
    return System.getProperty("os.arch");
  }

  /** /proc/loadavg's first three fields, which show whether other work shared the cores during the run. */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "unavailable";
    }
  }
}
