package org.sae4j.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a real experiment (the README's minilm-l3 run takes about 40 minutes, so CI cannot make one) in
 * headless Chromium: {@code ./mvnw verify -pl sae-report -Dtest=ExperimentReportBrowserTest
 * -Dsae.report.run=experiments/target/sae/minilm-l3}. Opens the index and the page of the most active feature, fails
 * on any console message or image that did not load, and leaves screenshots of both in
 * {@code target/report-screenshots/}. Chromium must be installed when the property is given.
 */
@EnabledIfSystemProperty(named = "sae.report.run", matches = ".+")
class ExperimentReportBrowserTest {
  private static final Pattern FEATURE_LINK = Pattern.compile("href=\"(features/f[0-9]+\\.html)\"");

  @Test
  void indexAndTheMostActiveFeaturePageOpenWithoutErrorsOrMissingImages(@TempDir Path work) throws Exception {
    Path run = Path.of(System.getProperty("sae.report.run")).toAbsolutePath();
    Path index = run.resolve("report/index.html");
    assertThat(index).as("the run's report").isRegularFile();
    Matcher first = FEATURE_LINK.matcher(Files.readString(index));
    assertThat(first.find()).as("a feature page linked from " + index).isTrue();
    Path page = index.resolveSibling(first.group(1));
    HeadlessChromium chromium = new HeadlessChromium(work);
    for (Path p : List.of(index, page)) {
      HeadlessChromium.Visit visit = chromium.open(p);
      assertThat(visit.console()).as("console of " + p).isEmpty();
      assertThat(visit.missingImages()).as("images of " + p).isEmpty();
      assertThat(visit.result().path("images").asInt()).as("images of " + p).isPositive();
      assertThat(visit.result().path("rows").asInt()).as("table rows of " + p).isPositive();
    }
    Path shots = Path.of("target", "report-screenshots").toAbsolutePath();
    String name = run.getFileName().toString();
    for (Path shot : List.of(chromium.screenshot(index, shots.resolve(name + "-index.png"), 2400),
        chromium.screenshot(page, shots.resolve(name + "-" + page.getFileName().toString().replace(".html", ".png")),
            2000))) {
      assertThat(Files.size(shot)).as(shot.toString()).isGreaterThan(10_000);
    }
  }
}
