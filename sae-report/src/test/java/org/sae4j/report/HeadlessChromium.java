package org.sae4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, as a person's browser for the report: opens a page from disk, reports the console
 * messages it printed and the images that did not load, and takes screenshots. Each call uses a fresh profile.
 */
final class HeadlessChromium {
  static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run");
  private final Path work;

  HeadlessChromium(Path work) {
    this.work = work;
  }

  static boolean available() {
    return Files.isExecutable(BINARY);
  }

  /**
   * What loading {@code page} showed.
   *
   * @param console every console message the page (or the images it failed to load) produced
   * @param result the check page's findings: title, images, missing, rows, sections
   */
  record Visit(List<String> console, JsonNode result) {
    List<String> missingImages() {
      List<String> out = new ArrayList<>();
      result.path("missing").forEach(m -> out.add(m.asText()));
      return out;
    }
  }

  Visit open(Path page) throws IOException, InterruptedException {
    Path check = work.resolve("check.html");
    try (InputStream in = HeadlessChromium.class.getResourceAsStream("check.html")) {
      Files.write(check, in.readAllBytes());
    }
    List<String> args = command("--allow-file-access-from-files", "--enable-logging=stderr", "--v=0",
        "--virtual-time-budget=10000", "--dump-dom",
        check.toUri() + "#" + page.toAbsolutePath().toUri());
    Result r = run(args);
    int at = r.stdout().indexOf("RESULT ");
    if (at < 0) {
      throw new IllegalStateException("chromium did not finish the check of " + page + ":\n" + r.stdout() + "\n"
          + r.stderr());
    }
    String json = r.stdout().substring(at + 7, r.stdout().indexOf("</pre>", at)).replace("&quot;", "\"")
        .replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
    List<String> console = r.stderr().lines().filter(l -> l.contains("CONSOLE")).toList();
    return new Visit(console, RunFiles.JSON.readTree(json));
  }

  /** A PNG of {@code page} at 1280 × {@code height} pixels. */
  Path screenshot(Path page, Path png, int height) throws IOException, InterruptedException {
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.deleteIfExists(png);
    run(command("--hide-scrollbars", "--window-size=1280," + height, "--virtual-time-budget=5000",
        "--screenshot=" + png.toAbsolutePath(), page.toAbsolutePath().toUri().toString()));
    if (!Files.isRegularFile(png)) {
      throw new IllegalStateException("chromium wrote no screenshot of " + page);
    }
    return png;
  }

  private List<String> command(String... extra) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(BINARY.toString());
    cmd.addAll(FLAGS);
    cmd.add("--user-data-dir=" + Files.createTempDirectory(work, "profile"));
    cmd.addAll(List.of(extra));
    return cmd;
  }

  private record Result(String stdout, String stderr) {
  }

  private Result run(List<String> cmd) throws IOException, InterruptedException {
    Path out = Files.createTempFile(work, "chromium", ".out");
    Path err = Files.createTempFile(work, "chromium", ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("chromium did not finish within 120 s: " + String.join(" ", cmd));
    }
    return new Result(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }
}
