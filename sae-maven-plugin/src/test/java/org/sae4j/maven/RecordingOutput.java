package org.sae4j.maven;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link ForkRunner.Output} that keeps the relayed lines by level, for tests; safe from both relay threads. */
final class RecordingOutput implements ForkRunner.Output {
  final List<String> info = new CopyOnWriteArrayList<>();
  final List<String> warn = new CopyOnWriteArrayList<>();
  final List<String> error = new CopyOnWriteArrayList<>();

  @Override
  public void info(String line) {
    info.add(line);
  }

  @Override
  public void warn(String line) {
    warn.add(line);
  }

  @Override
  public void error(String line) {
    error.add(line);
  }
}
