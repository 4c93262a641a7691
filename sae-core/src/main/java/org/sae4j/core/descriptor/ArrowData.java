package org.sae4j.core.descriptor;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * {@code data.source: arrow}: activations already in Arrow IPC files, written by sae4j or any other tool.
 *
 * @param path absolute path of an Arrow IPC file or stream, or a directory of them (a Hugging Face dataset directory)
 * @param tokens at most this many rows are used, or {@link #ALL_ROWS} for all of them
 * @param evalTokens rows held out for evaluation (at least 1, fewer than tokens when capped)
 * @param column {@code data.column}: the activation column
 * @param tokenColumn {@code data.tokenColumn}: the token-id column of per-sequence rows, or null for
 *     {@code token_ids} when present
 * @param skipPositions {@code data.skipPositions}: positions of each sequence left out
 * @param skipTokenIds {@code data.skipTokenIds}: token ids left out
 * @param dtype {@code data.dtype}: {@link #AUTO_DTYPE} (from the Arrow type) or {@link #BFLOAT16}
 */
public record ArrowData(Path path, long tokens, long evalTokens, String column, String tokenColumn,
    List<Integer> skipPositions, List<Integer> skipTokenIds, String dtype) implements DataSpec {
  /** The {@code data.source} value. */
  public static final String SOURCE = "arrow";
  /** {@link #tokens()} when {@code data.tokens} is absent: use every row. */
  public static final long ALL_ROWS = -1;
  /** The default {@code data.column}. */
  public static final String DEFAULT_COLUMN = "activation";
  /** {@code data.dtype} when the value type is read from the Arrow schema. */
  public static final String AUTO_DTYPE = "auto";
  /** {@code data.dtype} for 16-bit integers holding bfloat16 bit patterns. */
  public static final String BFLOAT16 = "bfloat16";

  /** Data in sae4j's own layout: column {@code activation}, nothing skipped. */
  public ArrowData(Path path, long tokens, long evalTokens) {
    this(path, tokens, evalTokens, DEFAULT_COLUMN, null, List.of(), List.of(), AUTO_DTYPE);
  }

  public ArrowData {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(column, "column");
    skipPositions = List.copyOf(skipPositions);
    skipTokenIds = List.copyOf(skipTokenIds);
    if (!AUTO_DTYPE.equals(dtype) && !BFLOAT16.equals(dtype)) {
      throw new IllegalArgumentException("dtype must be " + AUTO_DTYPE + " or " + BFLOAT16 + ", got " + dtype);
    }
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
