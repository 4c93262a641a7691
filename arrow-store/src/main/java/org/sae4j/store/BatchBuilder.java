package org.sae4j.store;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;

/**
 * The writer's one reusable record batch: vectors allocated once for {@code capacity} rows and refilled for
 * every batch. Closing it releases the vectors.
 */
final class BatchBuilder implements AutoCloseable {

    private final VectorSchemaRoot root;
    private final int dim;
    private final int capacity;
    private final FixedSizeListVector activations;
    private final Float4Vector values;
    private final FloatBuffer valueView;
    private final IntVector tokenIds;
    private final BigIntVector sequences;
    private final IntVector positions;
    private int size;

    BatchBuilder(int dim, int capacity, boolean tokenColumns, Map<String, String> schemaMetadata,
                 BufferAllocator allocator) {
        this.dim = dim;
        this.capacity = capacity;
        this.root = VectorSchemaRoot.create(ActivationSchema.forWriter(dim, tokenColumns, schemaMetadata), allocator);
        this.activations = (FixedSizeListVector) root.getVector(ActivationSchema.ACTIVATION);
        this.values = (Float4Vector) activations.getDataVector();
        this.tokenIds = tokenColumns ? (IntVector) root.getVector(ActivationSchema.TOKEN_ID) : null;
        this.sequences = tokenColumns ? (BigIntVector) root.getVector(ActivationSchema.SEQUENCE) : null;
        this.positions = tokenColumns ? (IntVector) root.getVector(ActivationSchema.POSITION) : null;
        root.getFieldVectors().forEach(v -> v.setInitialCapacity(capacity));
        root.allocateNew();
        if (values.getValueCapacity() < capacity * dim) {
            root.close();
            throw new IllegalStateException("Arrow allocated " + values.getValueCapacity() + " values, needed "
                    + capacity * dim);
        }
        this.valueView = values.getDataBuffer().nioBuffer(0, capacity * dim * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    }

    VectorSchemaRoot root() {
        return root;
    }

    int size() {
        return size;
    }

    int room() {
        return capacity - size;
    }

    /** Appends {@code count <= room()} rows starting at row {@code first} of the caller's arrays. */
    void append(float[] rows, int first, int count, int[] tokenIdSource, long[] sequenceSource,
                int[] positionSource) {
        valueView.put(size * dim, rows, first * dim, count * dim);
        for (int r = 0; r < count; r++) {
            activations.setNotNull(size + r);
            if (tokenIds != null) {
                tokenIds.set(size + r, tokenIdSource[first + r]);
                sequences.set(size + r, sequenceSource[first + r]);
                positions.set(size + r, positionSource[first + r]);
            }
        }
        size += count;
    }

    /** Marks every value valid and sets the row count, ready for {@code ArrowFileWriter.writeBatch()}. */
    void seal() {
        ArrowBuf validity = values.getValidityBuffer();
        long valueCount = (long) size * dim;
        validity.setOne(0L, valueCount / 8);
        for (long i = valueCount / 8 * 8; i < valueCount; i++) {
            validity.setByte(i / 8, validity.getByte(i / 8) | (1 << (i % 8)));
        }
        root.setRowCount(size);
    }

    /** Empties the batch for reuse; the buffers stay allocated. */
    void reset() {
        size = 0;
    }

    @Override
    public void close() {
        root.close();
    }
}
