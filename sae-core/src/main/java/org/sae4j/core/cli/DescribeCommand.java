package org.sae4j.core.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sae4j.core.analysis.Stage;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.DescriptorReader;
import org.sae4j.core.descriptor.HarvestData;
import org.sae4j.core.descriptor.SweepDescriptor;
import org.sae4j.core.descriptor.SweepReader;
import org.sae4j.core.descriptor.SweepSettings;
import org.sae4j.core.run.RunLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code describe}: reads and validates a descriptor (an experiment or a sweep) and writes what a program that starts
 * the engine needs to know before it does, as a {@link ResultFile}: whether it is a sweep, the experiment's name and
 * run directory, the effective backend, the data source and so whether the harvest dependencies (the model and
 * PyTorch) are needed, whether it has analyses to run after the evaluation, and a sweep's runners. The Maven plugin
 * runs it first for every goal, so the descriptor is validated by the engine alone. An invalid descriptor gives
 * {@code error} (the file, line and key path) and exit code 2; {@code kind} is written even then.
 */
@Command(name = "describe", sortOptions = false, description = "Validates the descriptor and writes what starting"
    + " its stages needs (kind, name, run directory, backend, data source, harvest, analyses, sweep runners) to"
    + " --result as Java properties.")
final class DescribeCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Mixin
  private DescriptorOptions experiment;

  @Mixin
  private EngineOptions engine;

  @Option(names = "--backend-origin", paramLabel = "NAME",
      description = "What --backend is called in messages (default: --backend; the plugin passes -Dsae.backend).")
  private String backendOrigin = "--backend";

  @Option(names = "--result", paramLabel = "FILE", required = true, description = "Where the answer goes.")
  private Path result;

  @Override
  public Integer call() {
    Path file = experiment.requireDescriptor(spec).toAbsolutePath().normalize();
    Map<String, String> entries = new LinkedHashMap<>();
    boolean sweep = SweepReader.isSweep(file);
    entries.put("kind", sweep ? "sweep" : "experiment");
    int status = ExitCode.OK;
    try {
      entries.putAll(sweep ? describe(SweepReader.read(file)) : describe(DescriptorReader.read(file)));
    } catch (DescriptorException e) {
      entries.put(ResultFile.ERROR, "invalid descriptor " + e.getMessage());
      status = ExitCode.INVALID;
    } catch (BackendException e) {
      entries.put(ResultFile.ERROR, e.getCause().getMessage());
      status = ExitCode.INVALID;
    }
    ResultFile.write(result, entries);
    return status;
  }

  private Map<String, String> describe(Descriptor read) throws BackendException {
    Descriptor d = withBackend(read);
    Map<String, String> entries = experimentEntries(d);
    entries.put("analyze", Boolean.toString(!d.analyses(Stage.ANALYZE).isEmpty()));
    return entries;
  }

  private Map<String, String> describe(SweepDescriptor read) throws BackendException {
    SweepDescriptor s = read;
    if (experiment.backend() != null) {
      try {
        s = read.withBackend(experiment.backend(), backendOrigin);
      } catch (DescriptorException e) {
        throw new BackendException(e);
      }
    }
    Map<String, String> entries = experimentEntries(s.experiment());
    SweepSettings settings = s.settings();
    entries.put("sweep.runner", settings.runner());
    entries.put("sweep.harvestRunner", settings.harvestRunner());
    entries.put("sweep.runners", String.join(",", SweepSettings.RUNNERS));
    return entries;
  }

  private Map<String, String> experimentEntries(Descriptor d) {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("name", d.name());
    entries.put("runDirectory", new RunLayout(experiment.output().toAbsolutePath(), d.name()).runDirectory()
        .toString());
    entries.put("backend", d.backend());
    entries.put("data.source", d.data().source());
    entries.put("harvest", Boolean.toString(d.data() instanceof HarvestData));
    return entries;
  }

  private Descriptor withBackend(Descriptor d) throws BackendException {
    if (experiment.backend() == null) {
      return d;
    }
    try {
      return d.withBackend(experiment.backend(), backendOrigin);
    } catch (DescriptorException e) {
      throw new BackendException(e);
    }
  }

  /** A backend override that is not a backend: reported without "invalid descriptor", as the plugin always did. */
  private static final class BackendException extends Exception {
    BackendException(DescriptorException cause) {
      super(cause);
    }
  }
}
