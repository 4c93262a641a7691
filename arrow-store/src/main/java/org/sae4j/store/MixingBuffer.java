package org.sae4j.store;

import java.util.SplittableRandom;

/**
 * Row-level shuffling: a buffer of {@code capacity} rows filled from a source; each output row is drawn
 * uniformly at random from the buffer and its slot refilled with the next source row. When the source ends,
 * the buffer drains in random order. Deterministic for a given random generator.
 *
 * <p>The next rows of the source are fetched in bulk into a staging area before each call's draws, so the
 * per-row work is two array copies; the output is the same as refilling each slot straight from the source.
 */
final class MixingBuffer implements RowSource {

    private final RowSource source;
    private final SplittableRandom random;
    private final int dim;
    private final float[] rows;
    private final TokenBuffers tokens;
    private final boolean tokenColumns;
    private float[] staged = new float[0];
    private TokenBuffers stagedTokens;
    private int filled;
    private boolean started;

    /**
     * @param tokenColumns whether to carry token columns along with the rows
     */
    MixingBuffer(RowSource source, int capacity, int dim, boolean tokenColumns, SplittableRandom random) {
        this.source = source;
        this.random = random;
        this.dim = dim;
        this.tokenColumns = tokenColumns;
        this.rows = new float[Math.multiplyExact(capacity, dim)];
        this.tokens = tokenColumns ? tokenBuffers(capacity) : null;
    }

    @Override
    public int read(int maxRows, float[] dst, int dstRow, TokenBuffers out, int tokenRow) throws StoreException {
        if (!started) {
            filled = source.read(rows.length / dim, rows, 0, tokens, 0);
            started = true;
        }
        if (staged.length < maxRows * dim) {
            staged = new float[maxRows * dim];
            stagedTokens = tokenColumns ? tokenBuffers(maxRows) : null;
        }
        int incoming = source.read(maxRows, staged, 0, stagedTokens, 0);
        int done = 0;
        for (; done < maxRows && filled > 0; done++) {
            int slot = random.nextInt(filled);
            System.arraycopy(rows, slot * dim, dst, (dstRow + done) * dim, dim);
            if (out != null && tokens != null) {
                copyTokens(tokens, slot, out, tokenRow + done);
            }
            if (done < incoming) {
                System.arraycopy(staged, done * dim, rows, slot * dim, dim);
                if (tokens != null) {
                    copyTokens(stagedTokens, done, tokens, slot);
                }
            } else {
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
            copyTokens(tokens, last, tokens, slot);
        }
    }

    private static void copyTokens(TokenBuffers from, int fromRow, TokenBuffers to, int toRow) {
        to.tokenIds()[toRow] = from.tokenIds()[fromRow];
        to.sequences()[toRow] = from.sequences()[fromRow];
        to.positions()[toRow] = from.positions()[fromRow];
    }

    private static TokenBuffers tokenBuffers(int rows) {
        return new TokenBuffers(new int[rows], new long[rows], new int[rows]);
    }
}
