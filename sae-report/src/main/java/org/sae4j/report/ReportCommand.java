package org.sae4j.report;

import java.io.IOException;
import java.nio.file.Path;
import org.sae4j.core.cli.EngineOptions;
import org.sae4j.core.cli.ExtraCommand;
import org.sae4j.core.cli.RunDirectoryOptions;
import org.sae4j.core.descriptor.DescriptorException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The CLI's {@code report} command ({@code report --run DIR}, or {@code --descriptor} as for the other commands). */
@Command(name = "report", sortOptions = false, description = {
    "Writes the HTML report of a finished run (<run>/report/index.html), features.jsonl and sparsity.safetensors.",
    "Pages: -Dsae4j.reportPages=N (default " + RunReport.DEFAULT_PAGES + ") for the most active features.",
    "A sweep's completeness curves beside the run's: -Dsae4j.reportSweep=NAME (a sweep beside the run) or DIR."})
public final class ReportCommand implements ExtraCommand {
  /** System property: how many of the most active features get a page (default {@value RunReport#DEFAULT_PAGES}). */
  public static final String PAGES_PROPERTY = "sae4j.reportPages";

  @Spec
  private CommandSpec spec;

  @Mixin
  private RunDirectoryOptions run;

  @Mixin
  private EngineOptions engine;

  @Override
  public Integer call() throws DescriptorException, IOException {
    int pages = Integer.getInteger(PAGES_PROPERTY, RunReport.DEFAULT_PAGES);
    Path dir = run.runDirectory(spec);
    new RunReport(dir, pages, CompletenessRuns.sweepDirectory(dir, System.getProperty(CompletenessRuns.SWEEP_PROPERTY)),
        engine.threads(), EngineOptions.lines(spec.commandLine().getOut())).write();
    return 0;
  }
}
