package org.sae4j.store;

import java.util.List;

/**
 * A set of rows of one store, as pieces of record batches. Pieces are kept in store order (shard, batch,
 * first row); {@link ActivationStore#reader} streams them in that order or shuffles them.
 */
public final class RowSet {

    /**
     * Consecutive rows of one record batch.
     *
     * @param shard    index of the shard in the manifest
     * @param batch    index of the record batch in the shard
     * @param firstRow first row within the batch
     * @param count    number of rows (at least 1)
     */
    public record Piece(int shard, int batch, int firstRow, int count) {
        /** Validates the indices. */
        public Piece {
            if (shard < 0 || batch < 0 || firstRow < 0 || count < 1) {
                throw new IllegalArgumentException("invalid piece: shard " + shard + ", batch " + batch
                        + ", firstRow " + firstRow + ", count " + count);
            }
        }
    }

    private final List<Piece> pieces;
    private final long rows;

    RowSet(List<Piece> pieces) {
        this.pieces = List.copyOf(pieces);
        long sum = 0;
        for (Piece piece : this.pieces) {
            sum += piece.count();
        }
        this.rows = sum;
    }

    /**
     * The number of rows in the set.
     *
     * @return the total of the pieces' counts
     */
    public long rows() {
        return rows;
    }

    /**
     * The pieces in store order.
     *
     * @return an immutable list
     */
    public List<Piece> pieces() {
        return pieces;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RowSet set && set.pieces.equals(pieces);
    }

    @Override
    public int hashCode() {
        return pieces.hashCode();
    }

    @Override
    public String toString() {
        return "RowSet[" + rows + " rows in " + pieces.size() + " pieces]";
    }
}
