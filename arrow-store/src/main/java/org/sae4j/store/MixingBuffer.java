package org.sae4j.store;

import java.util.SplittableRandom;

/**
 * Row-level shuffling: a buffer of {@code capacity} rows filled from a source; each output row is drawn
 * uniformly at random from the buffer and its slot refilled with the next source row. When the source ends,
 * the buffer drains in random order. Deterministic for a given random generator.
 */
final class MixingBuffer implements RowSource {

    private final RowSource source;
    private final SplittableRandom random;
    private final int dim;
    private final float[] rows;
    private final TokenBuffers tokens;
    private int filled;
    private boolean started;

    /**
     * @param tokenColumns whether to carry token columns along with the rows
     */
    MixingBuffer(RowSource source, int capacity, int dim, boolean tokenColumns, SplittableRandom random) {
        this.source = source;
        this.random = random;
        this.dim = dim;
        this.rows = new float[Math.multiplyExact(capacity, dim)];
        this.tokens = tokenColumns ? new TokenBuffers(new int[capacity], new long[capacity], new int[capacity]) : null;
    }

    @Override
    public int read(int maxRows, float[] dst, int dstRow, TokenBuffers out, int tokenRow) throws StoreException {
        if (!started) {
            filled = source.read(rows.length / dim, rows, 0, tokens, 0);
            started = true;
        }
        int done = 0;
        for (; done < maxRows && filled > 0; done++) {
            int slot = random.nextInt(filled);
            System.arraycopy(rows, slot * dim, dst, (dstRow + done) * dim, dim);
            if (out != null && tokens != null) {
                out.tokenIds()[tokenRow + done] = tokens.tokenIds()[slot];
                out.sequences()[tokenRow + done] = tokens.sequences()[slot];
                out.positions()[tokenRow + done] = tokens.positions()[slot];
            }
            if (source.read(1, rows, slot, tokens, slot) == 0) {
                moveLastInto(slot);
            }
        }
        return done;
    }

    /** Shrinks the buffer by one, keeping the rows dense: the last row takes the freed slot. */
    private void moveLastInto(int slot) {
        int last = --filled;
        if (slot == last) {
            return;
        }
        System.arraycopy(rows, last * dim, rows, slot * dim, dim);
        if (tokens != null) {
            tokens.tokenIds()[slot] = tokens.tokenIds()[last];
            tokens.sequences()[slot] = tokens.sequences()[last];
            tokens.positions()[slot] = tokens.positions()[last];
        }
    }
}
