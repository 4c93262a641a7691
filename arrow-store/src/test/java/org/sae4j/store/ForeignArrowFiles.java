package org.sae4j.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes Arrow IPC files with plain Arrow Java, the way other tools (pyarrow) lay them out: nullable fields,
 * arbitrary batch sizes, extra columns, list columns, compression.
 */
final class ForeignArrowFiles {

    /** How the activation column is stored. */
    enum Layout { FIXED, LIST, NONE }

    /**
     * @param layout       activation column type ({@code NONE}: no activation column at all)
     * @param batchRows    rows per record batch
     * @param extraColumns add a string column {@code text} and a float64 column {@code score}
     * @param tokens       add {@code token_id}, {@code sequence}, {@code position}
     * @param codec        buffer compression
     * @param stream       write the IPC stream format instead of the file format
     */
    record Spec(Layout layout, int batchRows, boolean extraColumns, boolean tokens,
                CompressionUtil.CodecType codec, boolean stream) {
        static Spec fixed(int batchRows) {
            return new Spec(Layout.FIXED, batchRows, true, false, CompressionUtil.CodecType.NO_COMPRESSION, false);
        }
    }

    private final BufferAllocator allocator;

    ForeignArrowFiles(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    void write(Path file, float[] rows, int dim, Spec spec) throws IOException {
        int total = rows.length / dim;
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema(dim, spec), allocator);
             FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                     StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
             ArrowWriter writer = writer(root, channel, spec)) {
            writer.start();
            for (int first = 0; first < total; first += spec.batchRows()) {
                int n = Math.min(spec.batchRows(), total - first);
                fill(root, rows, dim, first, n, spec);
                writer.writeBatch();
            }
            writer.end();
        }
    }

    private static ArrowWriter writer(VectorSchemaRoot root, FileChannel channel, Spec spec) {
        if (spec.stream()) {
            return new ArrowStreamWriter(root, null, channel);
        }
        if (spec.codec() == CompressionUtil.CodecType.NO_COMPRESSION) {
            return new ArrowFileWriter(root, null, channel);
        }
        return new ArrowFileWriter(root, null, channel, Map.of(), IpcOption.DEFAULT, CommonsCompressionFactory.INSTANCE,
                spec.codec());
    }

    private static Schema schema(int dim, Spec spec) {
        Field item = new Field("item", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                null);
        List<Field> fields = new ArrayList<>();
        if (spec.extraColumns()) {
            fields.add(new Field("text", FieldType.nullable(new ArrowType.Utf8()), null));
        }
        switch (spec.layout()) {
            case FIXED -> fields.add(new Field("activation", FieldType.nullable(new ArrowType.FixedSizeList(dim)),
                    List.of(item)));
            case LIST -> fields.add(new Field("activation", FieldType.nullable(new ArrowType.List()), List.of(item)));
            case NONE -> fields.add(new Field("embedding", FieldType.nullable(new ArrowType.FixedSizeList(dim)),
                    List.of(item)));
        }
        if (spec.extraColumns()) {
            fields.add(new Field("score", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                    null));
        }
        if (spec.tokens()) {
            fields.add(new Field("token_id", FieldType.nullable(new ArrowType.Int(32, true)), null));
            fields.add(new Field("sequence", FieldType.nullable(new ArrowType.Int(64, true)), null));
            fields.add(new Field("position", FieldType.nullable(new ArrowType.Int(32, true)), null));
        }
        return new Schema(fields);
    }

    private static void fill(VectorSchemaRoot root, float[] rows, int dim, int first, int n, Spec spec) {
        root.allocateNew();
        for (FieldVector vector : root.getFieldVectors()) {
            for (int i = 0; i < n; i++) {
                int row = first + i;
                switch (vector) {
                    case FixedSizeListVector fixed -> {
                        fixed.setNotNull(i);
                        Float4Vector items = (Float4Vector) fixed.getDataVector();
                        for (int j = 0; j < dim; j++) {
                            items.setSafe(i * dim + j, rows[row * dim + j]);
                        }
                    }
                    case ListVector list -> {
                        int offset = list.startNewValue(i);
                        Float4Vector items = (Float4Vector) list.getDataVector();
                        for (int j = 0; j < dim; j++) {
                            items.setSafe(offset + j, rows[row * dim + j]);
                        }
                        list.endValue(i, dim);
                    }
                    case VarCharVector text -> text.setSafe(i, ("row " + row).getBytes(StandardCharsets.UTF_8));
                    case Float8Vector score -> score.setSafe(i, row * 0.5);
                    case BigIntVector sequence -> sequence.setSafe(i, row / 10);
                    case IntVector ints -> ints.setSafe(i, ints.getName().equals("token_id") ? 3 * row : row % 10);
                    default -> throw new IllegalStateException("unexpected vector " + vector.getName());
                }
            }
        }
        root.setRowCount(n);
    }
}
