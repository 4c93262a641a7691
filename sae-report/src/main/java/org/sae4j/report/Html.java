package org.sae4j.report;

import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.sae4j.store.AtomicFiles;

/**
 * The report's HTML, rendered from FreeMarker templates ({@code .ftlh}: every value is HTML-escaped unless a
 * template says otherwise) on the class path under {@code org/sae4j/report/templates/}. Public for {@link #resource}:
 * other pages (a sweep's) share the report's style sheet.
 */
public final class Html {
  private final Configuration config;

  Html() {
    config = new Configuration(Configuration.VERSION_2_3_34);
    config.setClassForTemplateLoading(Html.class, "/org/sae4j/report/templates");
    config.setDefaultEncoding(StandardCharsets.UTF_8.name());
    config.setOutputEncoding(StandardCharsets.UTF_8.name());
    config.setLocale(Locale.ROOT);
    config.setNumberFormat("0.####");
    config.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    config.setLogTemplateExceptions(false);
    config.setWrapUncheckedExceptions(true);
    config.setFallbackOnNullLoopVariable(false);
  }

  /** Renders {@code template} with {@code model}. */
  String render(String template, Map<String, Object> model) {
    try {
      StringWriter out = new StringWriter();
      config.getTemplate(template).process(model, out);
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("template " + template + " cannot be read", e);
    } catch (TemplateException e) {
      throw new IllegalStateException("template " + template + " failed: " + e.getMessage(), e);
    }
  }

  /** Renders {@code template} into {@code file}. */
  void write(String template, Map<String, Object> model, Path file) throws IOException {
    AtomicFiles.writeString(file, render(template, model));
  }

  /** A resource copied as it is (the style sheet {@code style.css}, the index script). */
  public static String resource(String name) throws IOException {
    try (var in = Html.class.getResourceAsStream("/org/sae4j/report/templates/" + name)) {
      if (in == null) {
        throw new IOException("resource " + name + " is missing from the sae-report jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
