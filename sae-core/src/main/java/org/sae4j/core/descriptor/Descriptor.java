package org.sae4j.core.descriptor;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.sae4j.core.analysis.Stage;

/**
 * An experiment, as read from a descriptor file by {@link DescriptorReader}, with every default applied and every
 * relative path resolved against the descriptor's directory. Immutable.
 *
 * @param file absolute path of the descriptor file it was read from
 * @param name the experiment's name; names its run directory ({@link #NAME})
 * @param description free text, empty when absent
 * @param seed the run seed (default 0)
 * @param backend {@code auto}, {@code jvm}, {@code tornadovm} or another provider name ({@link #BACKEND})
 * @param data where the activations come from
 * @param sae the dictionary
 * @param training the recipe
 * @param evaluation evaluation settings
 * @param goals quality gates, in file order (may be empty)
 * @param analyses the analyses it runs: those its {@code analysis} section names and those that run by default for
 *     its data, in {@link org.sae4j.core.analysis.Analyses} order
 */
public record Descriptor(Path file, String name, String description, long seed, String backend, DataSpec data,
                         SaeSpec sae, TrainingSpec training, EvaluationSpec evaluation, List<Goal> goals,
                         List<AnalysisSpec<?>> analyses) {
  /** Allowed experiment names: safe as a directory name everywhere. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  /**
   * The shape of a backend name; {@link DescriptorReader} and {@link #withBackend} accept only known ones, and
   * whether the backend can run here is checked when it is created.
   */
  public static final Pattern BACKEND = Pattern.compile("[a-z0-9-]+");
  /** Default of {@code backend}. */
  public static final String AUTO = "auto";

  public Descriptor {
    if (!file.isAbsolute()) {
      throw new IllegalArgumentException("file must be absolute, got " + file);
    }
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(sae, "sae");
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(evaluation, "evaluation");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name '" + name + "' does not match " + NAME.pattern());
    }
    if (!BACKEND.matcher(backend).matches()) {
      throw new IllegalArgumentException("backend '" + backend + "' does not match " + BACKEND.pattern());
    }
    goals = List.copyOf(goals);
    analyses = List.copyOf(analyses);
    if (new HashSet<>(goals.stream().map(Goal::metric).toList()).size() != goals.size()) {
      throw new IllegalArgumentException("goals name a metric twice: " + goals);
    }
  }

  /**
   * This descriptor with another backend, checked like the descriptor's own {@code backend} key.
   *
   * @param backendName the override, e.g. from {@code -Dsae.backend} or {@code --backend}
   * @param origin where the override comes from, for the message, e.g. {@code -Dsae.backend}
   * @throws DescriptorException naming the file, key {@code backend} and the origin when the name is not a known
   *     backend (with the known ones and a suggestion for a near miss)
   */
  public Descriptor withBackend(String backendName, String origin) throws DescriptorException {
    if (backendName == null || !BackendNames.known().contains(backendName)) {
      throw new DescriptorException(file, "backend", -1, -1,
          "unknown backend '" + backendName + "' given by " + origin, BackendNames.allowed(backendName));
    }
    return new Descriptor(file, name, description, seed, backendName, data, sae, training, evaluation, goals,
        analyses);
  }

  /** This descriptor as if read from {@code otherFile} (relative paths are still resolved against the old one). */
  public Descriptor at(Path otherFile) {
    return new Descriptor(otherFile, name, description, seed, backend, data, sae, training, evaluation, goals,
        analyses);
  }

  /** The analyses of {@code stage}, in order. */
  public List<AnalysisSpec<?>> analyses(Stage stage) {
    return analyses.stream().filter(a -> a.analysis().stage() == stage).toList();
  }

  /** The directory relative paths in the descriptor resolve against. */
  public Path directory() {
    return file.getParent();
  }
}
