package org.sae4j.harvest;

import java.util.Arrays;
import java.util.Objects;

/**
 * The activations at a hook for the content tokens of a batch of windows ([CLS], [SEP] and padding excluded),
 * in window order, then position order.
 *
 * @param rows      {@code count × hidden} floats, row-major
 * @param hidden    the row width
 * @param tokenIds  each row's token id
 * @param sequences each row's window sequence number
 * @param positions each row's position in its window ([CLS] is position 0)
 */
public record HookRows(float[] rows, int hidden, int[] tokenIds, long[] sequences, int[] positions) {

    /** Checks that the arrays agree. */
    public HookRows {
        int count = tokenIds.length;
        if (rows.length != (long) count * hidden || sequences.length != count || positions.length != count) {
            throw new IllegalArgumentException("inconsistent hook rows: " + rows.length + " floats of width "
                    + hidden + ", " + count + " token ids, " + sequences.length + " sequences, "
                    + positions.length + " positions");
        }
    }

    /** Number of rows. */
    public int count() {
        return tokenIds.length;
    }

    /**
     * Rows {@code [first, first + count)}, copied.
     *
     * @throws IndexOutOfBoundsException when the range is not within these rows
     */
    public HookRows range(int first, int count) {
        Objects.checkFromIndexSize(first, count, count());
        int end = first + count;
        return new HookRows(Arrays.copyOfRange(rows, first * hidden, end * hidden), hidden,
                Arrays.copyOfRange(tokenIds, first, end), Arrays.copyOfRange(sequences, first, end),
                Arrays.copyOfRange(positions, first, end));
    }
}
