package org.sae4j.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes activation tables in the layouts other tools use, with Arrow Java's own writers: any list type of any
 * float type (bfloat16 as 16-bit integers), one vector per row or one sequence of vectors per row with a
 * {@code token_ids} list beside it (SAELens), in the IPC stream or file format. Public for the engine's tests.
 */
public final class ArrowTables {

    /** The value type. */
    public enum Values { FLOAT16, BFLOAT16, FLOAT32, FLOAT64 }

    /** The list type. */
    public enum Lists { LIST, LARGE_LIST, FIXED }

    /**
     * @param name      the activation column
     * @param lists     the list type at every level
     * @param values    the value type
     * @param context   positions per row for per-sequence rows, 0 for one vector per row
     * @param dim       values per vector
     * @param tokenIds  add a {@code token_ids} column of int32 lists (per-sequence rows)
     * @param stream    the IPC stream format (else the file format)
     * @param batchRows rows per record batch
     */
    public record Table(String name, Lists lists, Values values, int context, int dim, boolean tokenIds, boolean stream,
                 int batchRows) {}

    private final BufferAllocator allocator;

    public ArrowTables(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    /**
     * Writes {@code vectors.length / dim} token vectors ({@code context} per row for per-sequence rows), the token
     * id of token t being {@code 100 + t}.
     */
    public void write(Path file, Table table, float[] vectors) throws IOException {
        int tokens = vectors.length / table.dim();
        int perRow = Math.max(1, table.context());
        int rows = tokens / perRow;
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema(table), allocator);
             FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                     StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
             ArrowWriter writer = table.stream() ? new ArrowStreamWriter(root, null, channel)
                     : new ArrowFileWriter(root, null, channel)) {
            writer.start();
            for (int first = 0; first < rows; first += table.batchRows()) {
                int n = Math.min(table.batchRows(), rows - first);
                root.allocateNew();
                FieldVector column = root.getVector(table.name());
                FieldVector ids = table.tokenIds() ? root.getVector("token_ids") : null;
                for (int r = 0; r < n; r++) {
                    int firstToken = (first + r) * perRow;
                    if (table.context() == 0) {
                        vector(column, r, vectors, firstToken, table.dim());
                        continue;
                    }
                    long inner = begin(column, r);
                    for (int p = 0; p < table.context(); p++) {
                        vector(child(column), Math.toIntExact(inner + p), vectors, firstToken + p, table.dim());
                    }
                    end(column, r, table.context());
                    if (ids != null) {
                        long id = begin(ids, r);
                        for (int p = 0; p < table.context(); p++) {
                            ((IntVector) child(ids)).setSafe(Math.toIntExact(id + p), 100 + firstToken + p);
                        }
                        end(ids, r, table.context());
                    }
                }
                root.setRowCount(n);
                writer.writeBatch();
            }
            writer.end();
        }
    }

    /** Sets list slot {@code slot} to one vector. */
    private static void vector(FieldVector list, int slot, float[] vectors, int token, int dim) {
        long first = begin(list, slot);
        FieldVector leaf = child(list);
        for (int j = 0; j < dim; j++) {
            set(leaf, Math.toIntExact(first + j), vectors[token * dim + j]);
        }
        end(list, slot, dim);
    }

    /** Starts list slot {@code slot}; returns the index of its first child. */
    private static long begin(FieldVector list, int slot) {
        return switch (list) {
            case ListVector l -> l.startNewValue(slot);
            case LargeListVector l -> l.startNewValue(slot);
            case FixedSizeListVector f -> {
                while (slot >= f.getValueCapacity()) {
                    f.reAlloc();
                }
                f.setNotNull(slot);
                yield (long) slot * f.getListSize();
            }
            default -> throw new IllegalStateException(list.getClass().toString());
        };
    }

    private static void end(FieldVector list, int slot, int count) {
        switch (list) {
            case ListVector l -> l.endValue(slot, count);
            case LargeListVector l -> l.endValue(slot, count);
            default -> { }
        }
    }

    private static FieldVector child(FieldVector list) {
        return switch (list) {
            case ListVector l -> l.getDataVector();
            case LargeListVector l -> (FieldVector) l.getDataVector();
            case FixedSizeListVector f -> f.getDataVector();
            default -> throw new IllegalStateException(list.getClass().toString());
        };
    }

    private static void set(FieldVector leaf, int index, float value) {
        switch (leaf) {
            case Float4Vector f -> f.setSafe(index, value);
            case Float8Vector f -> f.setSafe(index, value);
            case Float2Vector f -> f.setSafeWithPossibleTruncate(index, value);
            case SmallIntVector s -> s.setSafe(index, (short) (Float.floatToIntBits(value) >>> 16));
            default -> throw new IllegalStateException(leaf.getClass().toString());
        }
    }

    private static Schema schema(Table table) {
        ArrowType valueType = switch (table.values()) {
            case FLOAT16 -> new ArrowType.FloatingPoint(FloatingPointPrecision.HALF);
            case BFLOAT16 -> new ArrowType.Int(16, true);
            case FLOAT32 -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case FLOAT64 -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
        };
        Field field = new Field("item", FieldType.nullable(valueType), null);
        field = list("item", table.lists(), table.dim(), field);
        if (table.context() > 0) {
            field = list(table.name(), table.lists(), table.context(), field);
        } else {
            field = new Field(table.name(), field.getFieldType(), field.getChildren());
        }
        List<Field> fields = new ArrayList<>(List.of(field));
        if (table.tokenIds()) {
            fields.add(list("token_ids", Lists.LIST, 0,
                    new Field("item", FieldType.nullable(new ArrowType.Int(32, true)), null)));
        }
        return new Schema(fields);
    }

    private static Field list(String name, Lists lists, int size, Field child) {
        ArrowType type = switch (lists) {
            case LIST -> new ArrowType.List();
            case LARGE_LIST -> new ArrowType.LargeList();
            case FIXED -> new ArrowType.FixedSizeList(size);
        };
        return new Field(name, FieldType.nullable(type), List.of(child));
    }
}
