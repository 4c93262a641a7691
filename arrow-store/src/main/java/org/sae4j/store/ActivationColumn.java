package org.sae4j.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads the activation column of external Arrow data as float32 token rows, whatever its layout: a {@code List},
 * {@code LargeList} or {@code FixedSizeList} of float16, float32 or float64 values per row (one token per row), or
 * such a list of such lists (one sequence of tokens per row, as SAELens and Hugging Face {@code Array2D} store
 * them). Values are widened or narrowed to float32 (float64 rounds to nearest; one too large for float32 is an
 * error, like NaN and infinities). Per-sequence rows are exploded into token rows in row order, then position
 * order, leaving out skipped positions and token ids. Every error names the file, the row and the column.
 */
final class ActivationColumn {

    /** How rows hold vectors. */
    enum Layout {
        /** One vector per row. */
        ROWS,
        /** A list of vectors (a sequence of tokens) per row. */
        SEQUENCES
    }

    /** Receives each token row. */
    interface TokenSink {
        /**
         * @param vector   the activation (reused: copy it before the next call)
         * @param tokenId  its token id, 0 without token columns
         * @param sequence the sequence (document) it belongs to, 0 without token columns
         * @param position its position in the sequence, 0 without token columns
         */
        void accept(float[] vector, int tokenId, long sequence, int position) throws IOException;
    }

    private final Path file;
    private final SourceOptions options;
    private final Layout layout;
    private final String tokenColumn;
    private final Set<Integer> skipPositions;
    private final Set<Integer> skipTokenIds;
    private float[] vector;

    private ActivationColumn(Path file, SourceOptions options, Layout layout, String tokenColumn, int dim) {
        this.file = file;
        this.options = options;
        this.layout = layout;
        this.tokenColumn = tokenColumn;
        this.skipPositions = new HashSet<>(options.skipPositions());
        this.skipTokenIds = new HashSet<>(options.skipTokenIds());
        this.vector = dim > 0 ? new float[dim] : null;
    }

    /**
     * Checks a file's schema and prepares to read it.
     *
     * @param dim n when an earlier file fixed it, else -1 (then the first vector fixes it)
     * @throws StoreException naming the file when the column is missing or of a type that holds no activations,
     *                        or the options do not fit the layout
     */
    static ActivationColumn of(Path file, Schema schema, SourceOptions options, int dim) throws StoreException {
        Field field = find(schema, options.column());
        if (field == null) {
            throw new StoreException(file + ": no column '" + options.column() + "'; the columns are " + describe(schema)
                    + "; name the activation column with data.column");
        }
        Layout layout;
        if (isList(field) && isValue(field.getChildren().getFirst(), options)) {
            layout = Layout.ROWS;
        } else if (isList(field) && isList(field.getChildren().getFirst())
                && isValue(field.getChildren().getFirst().getChildren().getFirst(), options)) {
            layout = Layout.SEQUENCES;
        } else {
            boolean int16 = leaf(field).getType() instanceof ArrowType.Int integer && integer.getBitWidth() == 16;
            throw new StoreException(file + ": column '" + options.column() + "' has type " + describe(field)
                    + "; expected a List, LargeList or FixedSizeList of float16/float32/float64 values per token, or "
                    + "such a list of them per sequence" + (int16 && !options.bfloat16()
                    ? " (16-bit integers are read as bfloat16 bit patterns with data.dtype: bfloat16)" : ""));
        }
        String tokens = null;
        if (layout == Layout.ROWS) {
            if (options.tokenColumn() != null || !options.skipPositions().isEmpty()) {
                throw new StoreException(file + ": column '" + options.column() + "' holds one vector per row, not "
                        + "a sequence per row; data.tokenColumn and data.skipPositions apply to per-sequence rows");
            }
            if (!options.skipTokenIds().isEmpty() && !ActivationSchema.tokens(schema)) {
                throw new StoreException(file + ": data.skipTokenIds needs token ids, but the file lacks the columns "
                        + "token_id: int32, sequence: int64, position: int32; the columns are " + describe(schema));
            }
            tokens = ActivationSchema.tokens(schema) ? ActivationSchema.TOKEN_ID : null;
        } else {
            String name = options.tokenColumn() != null ? options.tokenColumn() : SourceOptions.DEFAULT_TOKEN_COLUMN;
            Field ids = find(schema, name);
            boolean intList = ids != null && isList(ids)
                    && ids.getChildren().getFirst().getType() instanceof ArrowType.Int;
            if (options.tokenColumn() != null && !intList) {
                throw new StoreException(file + ": " + (ids == null ? "no token-id column '" + name + "'"
                        : "token-id column '" + name + "' has type " + describe(ids) + ", expected a list of "
                        + "integers per sequence") + "; the columns are " + describe(schema));
            }
            tokens = intList ? name : null;
            if (tokens == null && !options.skipTokenIds().isEmpty()) {
                throw new StoreException(file + ": data.skipTokenIds needs token ids, but there is no column '" + name
                        + "' (name it with data.tokenColumn); the columns are " + describe(schema));
            }
        }
        return new ActivationColumn(file, options, layout, tokens, dim);
    }

    Layout layout() {
        return layout;
    }

    /** Whether token rows carry token columns (token id, sequence, position). */
    boolean tokens() {
        return tokenColumn != null;
    }

    /** The token-id column read, or null. */
    String tokenColumn() {
        return tokenColumn;
    }

    /** n, once the first vector was read (or an earlier file fixed it), else -1. */
    int dim() {
        return vector == null ? -1 : vector.length;
    }

    /**
     * Decodes the loaded record batch.
     *
     * @param batch        index of the record batch in the file, for messages
     * @param rowBase      index of the batch's first row in the file, for messages
     * @param sequenceBase index of the batch's first sequence in the whole source (per-sequence rows)
     * @throws StoreException naming the file, row (and position) of a null, ragged or non-finite vector
     */
    void decode(VectorSchemaRoot root, int batch, long rowBase, long sequenceBase, TokenSink sink)
            throws IOException {
        FieldVector column = root.getVector(options.column());
        int rows = root.getRowCount();
        if (layout == Layout.ROWS) {
            FieldVector values = child(column);
            BaseIntVector ids = tokens() ? (BaseIntVector) root.getVector(ActivationSchema.TOKEN_ID) : null;
            FieldVector sequences = tokens() ? root.getVector(ActivationSchema.SEQUENCE) : null;
            FieldVector positions = tokens() ? root.getVector(ActivationSchema.POSITION) : null;
            for (int r = 0; r < rows; r++) {
                String where = where(batch, rowBase + r);
                checkNotNull(column, r, where, "the activation vector");
                fill(values, start(column, r), end(column, r), where);
                if (ids == null) {
                    sink.accept(vector, 0, 0, 0);
                    continue;
                }
                checkNotNull((FieldVector) ids, r, where, "the token id");
                checkNotNull(sequences, r, where, "the sequence");
                checkNotNull(positions, r, where, "the position");
                int id = tokenId(ids, r, where);
                if (!skipTokenIds.contains(id)) {
                    sink.accept(vector, id, ((BaseIntVector) sequences).getValueAsLong(r),
                            (int) ((BaseIntVector) positions).getValueAsLong(r));
                }
            }
            return;
        }
        FieldVector tokensOf = child(column);
        FieldVector values = child(tokensOf);
        FieldVector idLists = tokens() ? root.getVector(tokenColumn) : null;
        BaseIntVector ids = tokens() ? (BaseIntVector) child(idLists) : null;
        for (int r = 0; r < rows; r++) {
            String where = where(batch, rowBase + r);
            checkNotNull(column, r, where, "the sequence of activation vectors");
            long first = start(column, r);
            long length = end(column, r) - first;
            long firstId = 0;
            if (idLists != null) {
                checkNotNull(idLists, r, where, "the token ids (" + tokenColumn + ")");
                firstId = start(idLists, r);
                long idCount = end(idLists, r) - firstId;
                if (idCount != length) {
                    throw new StoreException(where + ": column '" + tokenColumn + "' has " + idCount
                            + " token ids for the " + length + " positions of column '" + options.column() + "'");
                }
            }
            for (int p = 0; p < length; p++) {
                if (skipPositions.contains(p)) {
                    continue;
                }
                String at = where + ", position " + p;
                int token = Math.toIntExact(first + p);
                checkNotNull(tokensOf, token, at, "the activation vector");
                int id = 0;
                if (ids != null) {
                    checkNotNull((FieldVector) ids, Math.toIntExact(firstId + p), at, "the token id");
                    id = tokenId(ids, Math.toIntExact(firstId + p), at);
                    if (skipTokenIds.contains(id)) {
                        continue;
                    }
                }
                fill(values, start(tokensOf, token), end(tokensOf, token), at);
                sink.accept(vector, id, sequenceBase + r, p);
            }
        }
    }

    private String where(int batch, long row) {
        return file + ": row " + row + " (record batch " + batch + "), column '" + options.column() + "'";
    }

    /** Copies values [start, end) into {@link #vector}, checking the length, nulls and finiteness. */
    private void fill(FieldVector values, long start, long end, String where) throws StoreException {
        long length = end - start;
        if (vector == null) {
            if (length < 1) {
                throw new StoreException(where + ": the activation vector is empty");
            }
            vector = new float[Math.toIntExact(length)];
        }
        if (length != vector.length) {
            throw new StoreException(where + ": the activation vector has " + length + " values, expected "
                    + vector.length + " like the first one (ragged rows)");
        }
        int base = Math.toIntExact(start);
        for (int i = 0; i < vector.length; i++) {
            if (values.isNull(base + i)) {
                throw new StoreException(where + ": value " + i + " of the activation vector is null");
            }
            float value = value(values, base + i);
            if (!Float.isFinite(value)) {
                throw new StoreException(where + ": value " + i + " of the activation vector is " + value
                        + (values instanceof Float8Vector f && Double.isFinite(f.get(base + i))
                        ? " in float32 (the float64 value " + f.get(base + i) + " is out of its range)" : ""));
            }
            vector[i] = value;
        }
    }

    private float value(FieldVector values, int index) {
        return switch (values) {
            case Float4Vector f -> f.get(index);
            case Float8Vector f -> (float) f.get(index);
            case Float2Vector f -> f.getValueAsFloat(index);
            // bfloat16 is the upper half of a float32's bits.
            case SmallIntVector s -> Float.intBitsToFloat((s.get(index) & 0xFFFF) << 16);
            case UInt2Vector u -> Float.intBitsToFloat(u.get(index) << 16);
            default -> throw new IllegalStateException("unexpected value vector " + values.getClass());
        };
    }

    private static int tokenId(BaseIntVector ids, int index, String where) throws StoreException {
        long id = ids.getValueAsLong(index);
        if (id < Integer.MIN_VALUE || id > Integer.MAX_VALUE) {
            throw new StoreException(where + ": token id " + id + " does not fit in 32 bits");
        }
        return (int) id;
    }

    private static void checkNotNull(FieldVector vector, int index, String where, String what)
            throws StoreException {
        if (vector.isNull(index)) {
            throw new StoreException(where + ": " + what + " is null");
        }
    }

    private static long start(FieldVector list, int index) {
        return switch (list) {
            case FixedSizeListVector f -> (long) index * f.getListSize();
            case LargeListVector l -> l.getOffsetBuffer().getLong((long) index * Long.BYTES);
            case ListVector l -> l.getOffsetBuffer().getInt((long) index * Integer.BYTES);
            default -> throw new IllegalStateException("not a list vector: " + list.getClass());
        };
    }

    private static long end(FieldVector list, int index) {
        return start(list, index + 1);
    }

    private static FieldVector child(FieldVector list) {
        return switch (list) {
            case FixedSizeListVector f -> f.getDataVector();
            case LargeListVector l -> (FieldVector) l.getDataVector();
            case ListVector l -> l.getDataVector();
            default -> throw new IllegalStateException("not a list vector: " + list.getClass());
        };
    }

    private static boolean isList(Field field) {
        ArrowType type = field.getType();
        return (type instanceof ArrowType.List || type instanceof ArrowType.LargeList
                || type instanceof ArrowType.FixedSizeList) && field.getChildren().size() == 1;
    }

    private static boolean isValue(Field field, SourceOptions options) {
        return field.getType() instanceof ArrowType.FloatingPoint
                || options.bfloat16() && field.getType() instanceof ArrowType.Int integer
                && integer.getBitWidth() == 16;
    }

    private static Field leaf(Field field) {
        Field leaf = field;
        while (!leaf.getChildren().isEmpty()) {
            leaf = leaf.getChildren().getFirst();
        }
        return leaf;
    }

    private static Field find(Schema schema, String name) {
        return schema.getFields().stream().filter(f -> f.getName().equals(name)).findFirst().orElse(null);
    }

    private static String describe(Schema schema) {
        return ActivationSchema.describe(schema);
    }

    private static String describe(Field field) {
        return ActivationSchema.describe(field);
    }
}
