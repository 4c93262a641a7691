package org.sae4j.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.sae4j.core.cli.ExtraCommand;

/** The CLI's {@code report} command ({@code report --run DIR}, or {@code --descriptor} as for the other commands). */
public final class ReportCommand implements ExtraCommand {
  /** System property: how many of the most active features get a page (default {@value RunReport#DEFAULT_PAGES}). */
  public static final String PAGES_PROPERTY = "sae4j.reportPages";

  @Override
  public String name() {
    return "report";
  }

  @Override
  public int run(Path runDirectory, int threads, PrintStream out) throws IOException {
    int pages = Integer.getInteger(PAGES_PROPERTY, RunReport.DEFAULT_PAGES);
    new RunReport(runDirectory, pages, line -> {
      out.println(line);
      out.flush();
    }).write();
    return 0;
  }
}
