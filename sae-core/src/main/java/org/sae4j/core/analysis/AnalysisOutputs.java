package org.sae4j.core.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.sae4j.core.run.RunLayout;
import org.sae4j.core.run.RunRecord;
import org.sae4j.store.AtomicFiles;

/**
 * Where analyses' outputs go and how they are published: each analysis's files are written into
 * {@code analysis/.<name>.partial/} and the directory is renamed to {@code analysis/<name>/} when complete, so a
 * reader never sees half an output.
 */
public final class AnalysisOutputs {

  private AnalysisOutputs() {
  }

  /** The figures of analysis {@code name}: {@code analysis/<name>/<name>.json}. */
  public static Path figures(RunLayout layout, String name) {
    return layout.analysis(name).resolve(name + ".json");
  }

  /** The readable report of analysis {@code name}: {@code analysis/<name>/<name>.md}. */
  public static Path report(RunLayout layout, String name) {
    return layout.analysis(name).resolve(name + ".md");
  }

  /** Writes and publishes one analysis's result. */
  static void publish(RunLayout layout, String name, AnalysisResult result) throws IOException {
    Path target = layout.analysis(name);
    Path partial = layout.analyses().resolve("." + name + ".partial");
    deleteFlat(partial);
    Files.createDirectories(partial);
    RunRecord.writeJson(partial.resolve(name + ".json"), result.figures());
    AtomicFiles.writeString(partial.resolve(name + ".md"), result.markdown());
    for (Map.Entry<String, String> f : result.files().entrySet()) {
      AtomicFiles.writeString(partial.resolve(f.getKey()), f.getValue());
    }
    Path old = layout.analyses().resolve("." + name + ".old");
    deleteFlat(old);
    if (Files.exists(target)) {
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    deleteFlat(old);
  }

  /** Removes every analysis output of the run (before an evaluation replaces them). */
  public static void clear(RunLayout layout) throws IOException {
    Path root = layout.analyses();
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path d : dirs.toList()) {
        deleteFlat(d);
      }
    }
    Files.delete(root);
  }

  /** Deletes a directory of plain files (what an analysis writes), or a single file. */
  private static void deleteFlat(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.deleteIfExists(dir);
      return;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.toList();
    }
    for (Path f : files) {
      Files.delete(f);
    }
    Files.delete(dir);
  }
}
