package org.sae4j.core.descriptor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A scaling-law sweep, as read from a descriptor with a {@code sweep:} section by {@link SweepReader}: the points
 * (each an ordinary experiment sharing one data set), how to run them, and the goals on the fits and on the points'
 * metrics. Immutable.
 *
 * @param file absolute path of the descriptor file
 * @param name the sweep's name; its directory is {@code target/sae/<name>/}
 * @param description free text
 * @param design how dictionary size and tokens were chosen
 * @param points every point, in the order they run; ids are unique
 * @param settings how the points run and how the fits are bootstrapped
 * @param goals gates on fit figures and point metrics ({@link SweepGoalKey}), in file order
 * @param hash the sweep's identity: every point's descriptor hash, the analysis settings and the goals
 */
public record SweepDescriptor(Path file, String name, String description, Design design, List<SweepPoint> points,
                              SweepSettings settings, List<Goal> goals, String hash) {

  /** How the sizes and token counts of the points were chosen. */
  public enum Design {
    /** Every combination of the listed axis values. */
    GRID,
    /** For each compute budget C, each listed dictionary size m with tokens = C / (6·n·m). */
    ISOFLOP
  }

  public SweepDescriptor {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(design, "design");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(hash, "hash");
    points = List.copyOf(points);
    goals = List.copyOf(goals);
    if (points.isEmpty()) {
      throw new IllegalArgumentException("a sweep needs points");
    }
    if (new HashSet<>(points.stream().map(SweepPoint::id).toList()).size() != points.size()) {
      throw new IllegalArgumentException("point ids repeat: " + points.stream().map(SweepPoint::id).toList());
    }
    for (Goal g : goals) {
      if (!(g.info() instanceof SweepGoalKey)) {
        throw new IllegalArgumentException("goal " + g.metric() + " is not a sweep figure or point metric");
      }
    }
  }

  /**
   * The experiment that stands for the shared data set: any point's (they all have the same data section and seed),
   * which {@code sae:generate} or a harvest produces once for all points.
   */
  public Descriptor dataExperiment() {
    return points.getFirst().descriptor();
  }

  /**
   * The sweep as one experiment: the points' shared data, seed, backend and recipe under the sweep's name and without
   * goals. Front ends use it where they name an experiment (the sweep's directory, the fork's backend options).
   */
  public Descriptor experiment() {
    Descriptor d = dataExperiment();
    return new Descriptor(d.file(), name, description, d.seed(), d.backend(), d.data(), d.sae(), d.training(),
        d.evaluation(), List.of(), d.analyses());
  }

  /**
   * This sweep with every point on another backend, e.g. from {@code -Dsae.backend}; the backend is not part of the
   * sweep's hash (it changes where the points train, not what the sweep asks for).
   *
   * @param origin where the override comes from, for the message, e.g. {@code --backend}
   * @throws DescriptorException naming the file, key {@code backend} and the origin when the name is not a known
   *     backend
   */
  public SweepDescriptor withBackend(String backend, String origin) throws DescriptorException {
    List<SweepPoint> moved = new ArrayList<>();
    for (SweepPoint p : points) {
      moved.add(new SweepPoint(p.id(), p.descriptor().withBackend(backend, origin), p.budget(), p.roles()));
    }
    return new SweepDescriptor(file, name, description, design, moved, settings, goals, hash);
  }

  /** The point named {@code id}, or null. */
  public SweepPoint point(String id) {
    return points.stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
  }
}
