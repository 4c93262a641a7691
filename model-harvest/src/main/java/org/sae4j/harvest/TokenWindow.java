package org.sae4j.harvest;

import java.util.Objects;

/**
 * One input sequence for the encoder: {@code [CLS] t1 … tn [SEP]}. A token's position is its index in
 * {@link #ids()}, so content tokens have positions 1 … n.
 *
 * @param sequence the window's index in its harvest (stored in the {@code sequence} column)
 * @param ids      token ids including the leading [CLS] and trailing [SEP]
 */
public record TokenWindow(long sequence, int[] ids) {

    /** Checks that the window holds at least [CLS] and [SEP]. */
    public TokenWindow {
        Objects.requireNonNull(ids, "ids");
        if (ids.length < 2) {
            throw new IllegalArgumentException("a window holds at least [CLS] and [SEP], got " + ids.length + " ids");
        }
    }

    /** Number of content tokens (excluding [CLS] and [SEP]). */
    public int contentLength() {
        return ids.length - 2;
    }
}
