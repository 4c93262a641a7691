package org.sae4j.store;

import java.util.List;
import java.util.Objects;

/**
 * How to read external Arrow data ({@code data.source: arrow}): which column holds the activations and, for
 * per-sequence rows (one context of vectors per row, as SAELens caches them), which column holds the token ids and
 * which positions are left out.
 *
 * @param column        the activation column
 * @param tokenColumn   the token-id column of per-sequence rows, or null for {@link #DEFAULT_TOKEN_COLUMN} when it
 *                      exists
 * @param skipPositions positions of each sequence left out (e.g. 0, the BOS token), each at least 0
 * @param skipTokenIds  token ids left out wherever they occur (e.g. padding); needs a token-id column
 * @param bfloat16      whether 16-bit integer values are bfloat16 bit patterns (Arrow has no bfloat16 type)
 */
public record SourceOptions(String column, String tokenColumn, List<Integer> skipPositions,
                            List<Integer> skipTokenIds, boolean bfloat16) {

    /** The activation column unless another is named. */
    public static final String DEFAULT_COLUMN = "activation";

    /** The token-id column of per-sequence rows used when present and none is named (SAELens' name). */
    public static final String DEFAULT_TOKEN_COLUMN = "token_ids";

    /** Validates the options and copies the lists. */
    public SourceOptions {
        Objects.requireNonNull(column, "column");
        skipPositions = List.copyOf(skipPositions);
        skipTokenIds = List.copyOf(skipTokenIds);
        for (int position : skipPositions) {
            if (position < 0) {
                throw new IllegalArgumentException("skipPositions must be at least 0, got " + position);
            }
        }
    }

    /**
     * The defaults: column {@code activation}, {@code token_ids} as token ids when present, nothing skipped.
     *
     * @return the default options
     */
    public static SourceOptions defaults() {
        return new SourceOptions(DEFAULT_COLUMN, null, List.of(), List.of(), false);
    }

    /** Whether these are the defaults, under which sae4j's own layout is read in place. */
    boolean isDefault() {
        return equals(defaults());
    }
}
