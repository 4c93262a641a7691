package org.sae4j.core.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.sae4j.core.goal.GoalOutcome;
import org.sae4j.core.goal.GoalReport;
import org.sae4j.store.AtomicFiles;

/**
 * What a command tells the program that started it, written to {@code --result FILE} as Java properties: the Maven
 * plugin runs on Java 17 and cannot link the engine, so it reads its answers from this file (with
 * {@link java.util.Properties}, which both sides have) instead of parsing log lines. Written atomically, so a file
 * that exists is whole. docs/file-formats.md lists the keys.
 */
public final class ResultFile {
  /** The key holding why the command could not answer, already phrased for the user. */
  public static final String ERROR = "error";

  private ResultFile() {
  }

  /** Writes {@code entries} to {@code file}. */
  public static void write(Path file, Map<String, String> entries) {
    Properties properties = new Properties();
    properties.putAll(entries);
    StringWriter text = new StringWriter();
    try {
      properties.store(text, "sae4j result");
      AtomicFiles.writeString(file, text.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the result file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * A goal report's entries: {@code experiment}, {@code goals} (how many), {@code table} (as
   * {@link GoalReport#table()}), {@code missed} (how many) and {@code missed.1} … {@code missed.N} (each missed goal's
   * message, in order).
   */
  public static Map<String, String> goals(GoalReport report) {
    Map<String, String> entries = new java.util.LinkedHashMap<>();
    entries.put("experiment", report.experiment());
    entries.put("goals", Integer.toString(report.outcomes().size()));
    entries.put("table", report.table());
    List<GoalOutcome> missed = report.failures();
    entries.put("missed", Integer.toString(missed.size()));
    for (int i = 0; i < missed.size(); i++) {
      entries.put("missed." + (i + 1), missed.get(i).message());
    }
    return entries;
  }

  /** The entries of a command that could not answer: {@code error} and the reason. */
  public static Map<String, String> error(String reason) {
    return Map.of(ERROR, reason);
  }
}
