package org.sae4j.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/** Builds row sets from a store's record batches: all rows, and the seeded train/eval split. */
final class Splitter {

    private static final Comparator<RowSet.Piece> STORE_ORDER = Comparator.comparingInt(RowSet.Piece::shard)
            .thenComparingInt(RowSet.Piece::batch).thenComparingInt(RowSet.Piece::firstRow);

    private Splitter() {}

    /** Every non-empty record batch as a whole piece, in store order. */
    static List<RowSet.Piece> wholeBatches(List<ShardLayout> shards) {
        List<RowSet.Piece> pieces = new ArrayList<>();
        for (int s = 0; s < shards.size(); s++) {
            int[] batchRows = shards.get(s).batchRows();
            for (int b = 0; b < batchRows.length; b++) {
                if (batchRows[b] > 0) {
                    pieces.add(new RowSet.Piece(s, b, 0, batchRows[b]));
                }
            }
        }
        return pieces;
    }

    /**
     * Eval takes whole batches in a seeded random order until it holds {@code min(evalRows, rows / 2)} rows,
     * the last batch taken possibly in part (its leading rows); train takes the rest.
     */
    static Split split(List<ShardLayout> shards, long totalRows, long evalRows, long seed) {
        if (evalRows < 0) {
            throw new IllegalArgumentException("evalRows must be >= 0, got " + evalRows);
        }
        List<RowSet.Piece> order = wholeBatches(shards);
        permute(order, new SplittableRandom(seed));
        long wanted = Math.min(evalRows, totalRows / 2);
        List<RowSet.Piece> train = new ArrayList<>();
        List<RowSet.Piece> eval = new ArrayList<>();
        for (RowSet.Piece piece : order) {
            if (wanted >= piece.count()) {
                eval.add(piece);
                wanted -= piece.count();
            } else if (wanted > 0) {
                int head = (int) wanted;
                eval.add(new RowSet.Piece(piece.shard(), piece.batch(), 0, head));
                train.add(new RowSet.Piece(piece.shard(), piece.batch(), head, piece.count() - head));
                wanted = 0;
            } else {
                train.add(piece);
            }
        }
        train.sort(STORE_ORDER);
        eval.sort(STORE_ORDER);
        return new Split(new RowSet(train), new RowSet(eval));
    }

    /** Fisher–Yates shuffle driven by the given generator. */
    static <T> void permute(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T swap = list.get(i);
            list.set(i, list.get(j));
            list.set(j, swap);
        }
    }
}
