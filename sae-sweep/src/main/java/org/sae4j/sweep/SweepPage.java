package org.sae4j.sweep;

import java.io.IOException;
import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.sae4j.report.Html;

/**
 * {@code sweep.html}: sweep.md rendered as a page (CommonMark with GitHub tables) in the HTML report's style sheet,
 * so that a browser shows the fits, the points and the plots (linked from {@code plots/} as sweep.md links them)
 * the way a run's report looks. One source for both: the page is the Markdown, rendered.
 */
final class SweepPage {
  private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
  private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
  private static final HtmlRenderer RENDERER = HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true)
      .attributeProviderFactory(context -> (node, tag, attributes) -> {
        if (node instanceof TableBlock) {
          attributes.put("class", "grid"); // the report's table style
        }
      }).build();

  private SweepPage() {
  }

  /** The page of sweep {@code name} whose sweep.md is {@code markdown}. */
  static String of(String name, String markdown) throws IOException {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        + escape(name) + " · sae4j sweep</title>\n<style>\n" + Html.resource("style.css") + "</style>\n</head>\n"
        + "<body>\n" + RENDERER.render(PARSER.parse(markdown)) + "</body>\n</html>\n";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
