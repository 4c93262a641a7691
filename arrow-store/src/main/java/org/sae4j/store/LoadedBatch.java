package org.sae4j.store;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;

/**
 * A view of the record batch currently loaded in an Arrow reader's root: copies rows out of the Arrow buffers
 * into caller arrays. Valid until the next batch is loaded.
 */
final class LoadedBatch {

    private FloatBuffer values;
    private int dim;
    private int rows;
    private IntVector tokenIds;
    private BigIntVector sequences;
    private IntVector positions;

    /**
     * Binds to a freshly loaded root after checking it: no null activations or tokens and, for a list column,
     * exactly {@code dim} values in every row.
     */
    void bind(ShardLayout shard, int batch, VectorSchemaRoot root) throws StoreException {
        Path file = shard.path();
        String where = file + ": record batch " + batch;
        dim = shard.dim();
        rows = root.getRowCount();
        FieldVector column = root.getVector(ActivationSchema.ACTIVATION);
        if (column.getNullCount() != 0) {
            throw new StoreException(where + " has " + column.getNullCount() + " null activation rows");
        }
        Float4Vector items;
        long firstValue = 0;
        if (column instanceof FixedSizeListVector fixed) {
            items = (Float4Vector) fixed.getDataVector();
        } else {
            ListVector list = (ListVector) column;
            items = (Float4Vector) list.getDataVector();
            firstValue = checkListLengths(where, list.getOffsetBuffer());
        }
        long used = (long) rows * dim;
        if (items.getValueCount() < firstValue + used
                || items.getDataBuffer().capacity() < (firstValue + used) * Float.BYTES) {
            throw new StoreException(where + " has " + items.getValueCount() + " activation values, expected "
                    + used + " (" + rows + " rows of " + dim + ")");
        }
        if (nullValues(items, firstValue) != 0) {
            throw new StoreException(where + " has null values inside activation vectors");
        }
        long bytes = used * Float.BYTES;
        if (bytes > Integer.MAX_VALUE) {
            throw new StoreException(where + " holds " + bytes + " bytes of activations, more than 2 GiB per batch");
        }
        ArrowBuf data = items.getDataBuffer();
        values = bytes == 0 ? FloatBuffer.allocate(0)
                : data.nioBuffer(firstValue * Float.BYTES, (int) bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        if (shard.columns().tokenColumns()) {
            tokenIds = (IntVector) root.getVector(ActivationSchema.TOKEN_ID);
            sequences = (BigIntVector) root.getVector(ActivationSchema.SEQUENCE);
            positions = (IntVector) root.getVector(ActivationSchema.POSITION);
            if (tokenIds.getNullCount() + sequences.getNullCount() + positions.getNullCount() != 0) {
                throw new StoreException(where + " has null values in its token columns");
            }
        } else {
            tokenIds = null;
            sequences = null;
            positions = null;
        }
    }

    int rows() {
        return rows;
    }

    /** Copies rows [first, first + count) into {@code dst} starting at row {@code dstRow} (row-major). */
    void copy(int first, int count, float[] dst, int dstRow) {
        values.get(first * dim, dst, dstRow * dim, count * dim);
    }

    /** Copies the token columns of rows [first, first + count); the batch must have token columns. */
    void copyTokens(int first, int count, int[] tokenDst, long[] sequenceDst, int[] positionDst, int dstRow) {
        for (int i = 0; i < count; i++) {
            tokenDst[dstRow + i] = tokenIds.get(first + i);
            sequenceDst[dstRow + i] = sequences.get(first + i);
            positionDst[dstRow + i] = positions.get(first + i);
        }
    }

    /** Checks every list row has {@code dim} values and returns the index of the first value. */
    private long checkListLengths(String where, ArrowBuf offsets) throws StoreException {
        if (rows == 0) {
            return 0;
        }
        int start = offsets.getInt(0);
        for (int row = 0; row < rows; row++) {
            int length = offsets.getInt((row + 1L) * Integer.BYTES) - offsets.getInt((long) row * Integer.BYTES);
            if (length != dim) {
                throw new StoreException(where + ", row " + row + ": activation list has " + length
                        + " values, expected " + dim + " like every other row");
            }
        }
        return start;
    }

    /** Nulls among the {@code rows * dim} item values this batch uses, which start at {@code firstValue}. */
    private long nullValues(Float4Vector items, long firstValue) {
        long used = (long) rows * dim;
        if (firstValue == 0 && items.getValueCount() == used) {
            return items.getNullCount();
        }
        long nulls = 0;
        for (long i = firstValue; i < firstValue + used; i++) {
            nulls += items.isNull((int) i) ? 1 : 0;
        }
        return nulls;
    }
}
