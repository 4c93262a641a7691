package org.sae4j.maven;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What an engine fork answered in its {@code --result} file (Java properties): the engine's {@code describe} of a
 * descriptor, or the goals of a {@code check}. The plugin cannot link the engine (Java 25 classes, Maven on Java 17),
 * so these files are how the two talk; docs/file-formats.md lists the keys.
 */
final class EngineAnswer {

  private final Properties entries;

  private EngineAnswer(Properties entries) {
    this.entries = entries;
  }

  /** Reads the answer the fork left in {@code file}, or empty when it wrote none (it failed before answering). */
  static Optional<EngineAnswer> read(Path file) throws IOException {
    if (!Files.isRegularFile(file) || Files.size(file) == 0) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    return Optional.of(new EngineAnswer(p));
  }

  /** Why the engine could not answer, phrased for the user; empty when it answered. */
  Optional<String> error() {
    return Optional.ofNullable(entries.getProperty("error"));
  }

  /** Whether the descriptor is a sweep ({@code kind=sweep}). */
  boolean sweep() {
    return "sweep".equals(entries.getProperty("kind"));
  }

  /** The experiment's (or sweep's) name. */
  String name() {
    return required("name");
  }

  /** The run directory the fork's log goes to. */
  Path runDirectory() {
    return Path.of(required("runDirectory"));
  }

  /** The effective backend (the override, else the descriptor's). */
  String backend() {
    return required("backend");
  }

  /** {@code data.source}: synthetic, arrow or harvest. */
  String dataSource() {
    return required("data.source");
  }

  /** Whether the fork needs the harvest dependencies (the model and PyTorch). */
  boolean harvest() {
    return Boolean.parseBoolean(required("harvest"));
  }

  /** Whether the experiment has analyses that run after the evaluation ({@code sae:analyze}). */
  boolean analyze() {
    return Boolean.parseBoolean(entries.getProperty("analyze", "false"));
  }

  /** A sweep's {@code sweep.runner}. */
  String sweepRunner() {
    return required("sweep.runner");
  }

  /** A sweep's {@code harvest.runner}. */
  String sweepHarvestRunner() {
    return required("sweep.harvestRunner");
  }

  /** The runners a sweep may use. */
  List<String> sweepRunners() {
    return Arrays.asList(required("sweep.runners").split(","));
  }

  /** A check's goals table, as the engine formats it. */
  String table() {
    return required("table");
  }

  /** How many goals were checked. */
  int goals() {
    return Integer.parseInt(required("goals"));
  }

  /** The experiment a check reported on. */
  String experiment() {
    return required("experiment");
  }

  /** The missed goals' messages, in order. */
  List<String> missed() {
    int n = Integer.parseInt(required("missed"));
    String[] missed = new String[n];
    for (int i = 0; i < n; i++) {
      missed[i] = required("missed." + (i + 1));
    }
    return List.of(missed);
  }

  private String required(String key) {
    String value = entries.getProperty(key);
    if (value == null) {
      throw new IllegalStateException("the engine's answer has no " + key + " (a plugin and engine of different"
          + " versions?)");
    }
    return value;
  }
}
