package org.sae4j.store;

import java.util.List;

/** Streams the rows of a list of pieces, in list order, one record batch loaded at a time. */
final class RowStream implements RowSource {

    private final BatchLoader loader;
    private final List<RowSet.Piece> pieces;
    private final boolean tokenColumns;
    private int pieceIndex = -1;
    private LoadedBatch current;
    private int nextRow;
    private int endRow;

    RowStream(BatchLoader loader, List<RowSet.Piece> pieces, boolean tokenColumns) {
        this.loader = loader;
        this.pieces = pieces;
        this.tokenColumns = tokenColumns;
    }

    @Override
    public int read(int maxRows, float[] dst, int dstRow, TokenBuffers tokens, int tokenRow) throws StoreException {
        int done = 0;
        while (done < maxRows) {
            if ((current == null || nextRow == endRow) && !advance()) {
                break;
            }
            int n = Math.min(maxRows - done, endRow - nextRow);
            current.copy(nextRow, n, dst, dstRow + done);
            if (tokens != null && tokenColumns) {
                current.copyTokens(nextRow, n, tokens.tokenIds(), tokens.sequences(), tokens.positions(),
                        tokenRow + done);
            }
            nextRow += n;
            done += n;
        }
        return done;
    }

    private boolean advance() throws StoreException {
        if (pieceIndex + 1 >= pieces.size()) {
            current = null;
            return false;
        }
        RowSet.Piece piece = pieces.get(++pieceIndex);
        current = loader.load(piece.shard(), piece.batch());
        nextRow = piece.firstRow();
        endRow = piece.firstRow() + piece.count();
        return true;
    }
}
