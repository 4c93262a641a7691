package org.sae4j.core.descriptor;

import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * {@code data.source: arrow}: activations already in Arrow IPC files, written by sae4j or any other tool.
 *
 * @param path absolute path of an Arrow IPC file or a directory of them
 * @param tokens at most this many rows are used, or {@link #ALL_ROWS} for all of them
 * @param evalTokens rows held out for evaluation (at least 1, fewer than tokens when capped)
 */
public record ArrowData(Path path, long tokens, long evalTokens) implements DataSpec {
  /** The {@code data.source} value. */
  public static final String SOURCE = "arrow";
  /** {@link #tokens()} when {@code data.tokens} is absent: use every row. */
  public static final long ALL_ROWS = -1;

  public ArrowData {
    Objects.requireNonNull(path, "path");
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException("path must be absolute, got " + path);
    }
    TokenCounts.check(tokens, evalTokens, true);
  }

  @Override
  public String source() {
    return SOURCE;
  }

  /** The row cap, empty when every row is used. */
  public OptionalLong tokenCap() {
    return tokens == ALL_ROWS ? OptionalLong.empty() : OptionalLong.of(tokens);
  }
}
