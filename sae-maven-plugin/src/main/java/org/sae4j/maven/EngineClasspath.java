package org.sae4j.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactDescriptorException;
import org.eclipse.aether.resolution.ArtifactDescriptorRequest;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * The engine's class path, resolved when a goal runs (as Surefire resolves its providers) rather than being the
 * plugin's own dependencies: the plugin stays free of the engine's Java 25 classes, and an experiment gets only what
 * it needs. The engine is {@link #ENGINE_MODULES} in the plugin's group and version with their runtime dependencies.
 * For data that is not harvested ({@code data.source: synthetic} or {@code arrow}) the dependencies of
 * {@link #HARVEST_MODULE} are left out (PyTorch and its natives, the tokenizers, the embedded models: about 380 MB of
 * the 400) while that module's own classes (the model catalogue the descriptor is checked against) stay; whatever
 * else needs one of them keeps it, since the module is cut out of the graph before it is resolved.
 */
final class EngineClasspath {

  /** The modules whose commands the fork runs: the engine, the report and the sweep. */
  static final List<String> ENGINE_MODULES = List.of("sae-core", "sae-report", "sae-sweep");

  /** The module that harvests activations from models; its dependencies are only needed when harvesting. */
  static final String HARVEST_MODULE = "model-harvest";

  private EngineClasspath() {
  }

  /**
   * The dependencies to resolve: every engine module, and when not harvesting each with the harvest module excluded
   * and the harvest module itself with all of its dependencies excluded.
   */
  static List<Dependency> roots(String groupId, String version, boolean harvest) {
    List<Exclusion> withoutHarvest = harvest ? List.of() : List.of(new Exclusion(groupId, HARVEST_MODULE, "*", "*"));
    List<Dependency> roots = new ArrayList<>();
    for (String module : ENGINE_MODULES) {
      roots.add(new Dependency(new DefaultArtifact(groupId, module, "jar", version), JavaScopes.RUNTIME, false,
          withoutHarvest));
    }
    if (!harvest) {
      roots.add(new Dependency(new DefaultArtifact(groupId, HARVEST_MODULE, "jar", version), JavaScopes.RUNTIME, false,
          List.of(new Exclusion("*", "*", "*", "*"))));
    }
    return roots;
  }

  /**
   * Resolves the engine's jars (downloading what is missing), in class path order. The versions are managed as in
   * the engine's own build (the dependency management {@code sae-core}'s POM inherits and imports), so the engine
   * runs on the libraries it was built and tested with, not on whatever version a transitive POM names.
   *
   * @throws DependencyResolutionException naming what could not be resolved
   * @throws ArtifactDescriptorException when the engine's POM cannot be read
   */
  static List<Artifact> resolve(RepositorySystem system, RepositorySystemSession session,
      List<RemoteRepository> repositories, String groupId, String version, boolean harvest)
      throws DependencyResolutionException, ArtifactDescriptorException {
    List<Dependency> managed = system.readArtifactDescriptor(session, new ArtifactDescriptorRequest(
        new DefaultArtifact(groupId, ENGINE_MODULES.get(0), "jar", version), repositories, null))
        .getManagedDependencies();
    CollectRequest collect = new CollectRequest(roots(groupId, version, harvest), managed, repositories);
    DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
    return system.resolveDependencies(session, request).getArtifactResults().stream()
        .map(ArtifactResult::getArtifact)
        .toList();
  }

  /**
   * The class path: the engine's jars, then the plugin's own runtime dependencies that the engine does not have
   * (those a pom adds to the plugin, e.g. {@code sae-spark} or the TornadoVM backend), each artifact once, the
   * engine's copy first.
   *
   * @param extra the plugin's dependencies as {@code groupId:artifactId:classifier} to file; the plugin jar is left
   *     out by the caller
   */
  static List<Path> merge(List<Artifact> engine, Map<String, Path> extra) {
    Map<String, Path> jars = new LinkedHashMap<>();
    for (Artifact a : engine) {
      if (a.getFile() != null) {
        jars.putIfAbsent(key(a.getGroupId(), a.getArtifactId(), a.getClassifier()), a.getFile().toPath());
      }
    }
    extra.forEach(jars::putIfAbsent);
    return List.copyOf(jars.values());
  }

  /** How an artifact is told apart on the class path: group, artifact and classifier (natives differ by it). */
  static String key(String groupId, String artifactId, String classifier) {
    return groupId + ":" + artifactId + ":" + (classifier == null ? "" : classifier);
  }
}
