package org.sae4j.core.descriptor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sae4j.core.analysis.Analyses;
import org.sae4j.core.analysis.Analysis;
import org.sae4j.core.descriptor.YamlTree.Mapping;

/**
 * Reads the {@code analysis} section: a mapping from analysis names to each analysis's own section, which the
 * analysis validates. Analyses that run by default for the data are added with their default settings.
 */
final class AnalysisReader {

  private AnalysisReader() {
  }

  /** The analyses the descriptor runs, in {@link Analyses} order. */
  static List<AnalysisSpec<?>> read(Section analysis, DataSpec data, Path directory) throws DescriptorException {
    analysis.allowOnly(Analyses.names());
    List<AnalysisSpec<?>> out = new ArrayList<>();
    for (Analysis<?> a : Analyses.all()) {
      boolean named = analysis.entries().containsKey(a.name());
      if (named && a.requiredSource() != null && !a.requiredSource().equals(data.source())) {
        throw analysis.error(a.name(), "analysis " + a.name() + " needs data.source " + a.requiredSource()
            + " (here data.source is " + data.source() + ")", "remove it or change data.source");
      }
      if (named || a.runsByDefault(data)) {
        out.add(spec(a, new AnalysisSection(analysis.section(a.name(), false), analysis.keyPath(a.name()),
            directory), data));
      }
    }
    return out;
  }

  private static <S extends AnalysisSettings> AnalysisSpec<S> spec(Analysis<S> a, AnalysisSection section,
                                                                   DataSpec data) throws DescriptorException {
    return new AnalysisSpec<>(a, a.read(section, data));
  }

  /**
   * Whether {@code spec} is part of the descriptor's identity: every analysis except one that runs by default with
   * its default settings, so that leaving it out and writing it with its defaults give the same hash.
   */
  static boolean inIdentity(AnalysisSpec<?> spec, DataSpec data, Path file) {
    if (!spec.analysis().runsByDefault(data)) {
      return true;
    }
    try {
      String path = "analysis." + spec.name();
      YamlTree.Location nowhere = new YamlTree.Location(-1, -1);
      Section empty = new Section(file, path, new Mapping(Map.of(), nowhere), nowhere);
      return !spec.settings().equals(spec.analysis().read(new AnalysisSection(empty, path, file.getParent()), data));
    } catch (DescriptorException e) {
      return true; // an analysis whose defaults are not valid for this data cannot be left out
    }
  }
}
