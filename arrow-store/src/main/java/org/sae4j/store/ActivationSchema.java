package org.sae4j.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The column layout of activation shards: the schema the writer produces and the checks applied to shards on
 * open.
 */
final class ActivationSchema {

    static final String ACTIVATION = "activation";
    static final String TOKEN_ID = "token_id";
    static final String SEQUENCE = "sequence";
    static final String POSITION = "position";

    private static final ArrowType FLOAT32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    private static final ArrowType INT32 = new ArrowType.Int(32, true);
    private static final ArrowType INT64 = new ArrowType.Int(64, true);

    /** How the activation column stores its vectors. */
    enum Kind {
        /** {@code FixedSizeList<float32>[n]}: the native layout. */
        FIXED_SIZE_LIST,
        /** {@code List<float32>} whose rows all have length n: accepted for external data. */
        LIST
    }

    /**
     * What a shard's schema says.
     *
     * @param kind         how the activation column is stored
     * @param dim          n from the schema, or -1 for a {@link Kind#LIST} column (known only from the data)
     * @param nullable     whether the activation field is declared nullable
     * @param tokenColumns whether all three token columns are present with the right types
     */
    record Columns(Kind kind, int dim, boolean nullable, boolean tokenColumns) {}

    private ActivationSchema() {}

    /**
     * The schema written by {@link ActivationWriter}: every field non-null, with the store's provenance as schema
     * metadata (see {@link ShardMetadata}).
     */
    static Schema forWriter(int dim, boolean tokenColumns, Map<String, String> metadata) {
        Field item = new Field("item", FieldType.notNullable(FLOAT32), null);
        Field activation = new Field(ACTIVATION, FieldType.notNullable(new ArrowType.FixedSizeList(dim)),
                List.of(item));
        if (!tokenColumns) {
            return new Schema(List.of(activation), metadata);
        }
        return new Schema(List.of(activation, new Field(TOKEN_ID, FieldType.notNullable(INT32), null),
                new Field(SEQUENCE, FieldType.notNullable(INT64), null),
                new Field(POSITION, FieldType.notNullable(INT32), null)), metadata);
    }

    /**
     * Reads the activation layout from a schema.
     *
     * @param file   the shard, for messages
     * @param schema its schema
     * @return the layout
     * @throws StoreException if there is no {@code activation} column or it has another type; the message
     *                        names the file and lists the columns found
     */
    static Columns inspect(Path file, Schema schema) throws StoreException {
        Field activation = find(schema, ACTIVATION);
        if (activation == null) {
            throw new StoreException(file + ": no column '" + ACTIVATION + "'; columns found: "
                    + describe(schema) + "; expected " + ACTIVATION + ": FixedSizeList<float32>[n]");
        }
        ArrowType type = activation.getType();
        List<Field> children = activation.getChildren();
        boolean floatItems = children.size() == 1 && FLOAT32.equals(children.getFirst().getType());
        Columns columns;
        if (type instanceof ArrowType.FixedSizeList fixed && floatItems) {
            columns = new Columns(Kind.FIXED_SIZE_LIST, fixed.getListSize(), activation.isNullable(), tokens(schema));
        } else if (type instanceof ArrowType.List && floatItems) {
            columns = new Columns(Kind.LIST, -1, activation.isNullable(), tokens(schema));
        } else {
            throw new StoreException(file + ": column '" + ACTIVATION + "' has type " + describe(activation)
                    + ", expected FixedSizeList<float32>[n] (or List<float32> with n values in every row)");
        }
        if (columns.kind() == Kind.FIXED_SIZE_LIST && columns.dim() < 1) {
            throw new StoreException(file + ": column '" + ACTIVATION + "' has list size " + columns.dim()
                    + ", expected at least 1");
        }
        return columns;
    }

    /**
     * Checks a shard of a store written by {@link ActivationWriter} against its manifest.
     *
     * @throws StoreException naming the file and what differs
     */
    static Columns checkStoreShard(Path file, Schema schema, int dim, boolean tokenColumns) throws StoreException {
        Columns columns = inspect(file, schema);
        if (columns.kind() != Kind.FIXED_SIZE_LIST) {
            throw new StoreException(file + ": column '" + ACTIVATION + "' is " + describe(find(schema, ACTIVATION))
                    + ", expected FixedSizeList<float32>[" + dim + "]");
        }
        if (columns.dim() != dim) {
            throw new StoreException(file + ": activation dimension is " + columns.dim() + " but the manifest says "
                    + dim + " (column '" + ACTIVATION + "' is FixedSizeList<float32>[" + columns.dim() + "])");
        }
        if (columns.nullable()) {
            throw new StoreException(file + ": column '" + ACTIVATION + "' is nullable, expected non-null");
        }
        if (columns.tokenColumns() != tokenColumns) {
            throw new StoreException(file + ": the manifest says tokenColumns=" + tokenColumns + " but the shard "
                    + (columns.tokenColumns() ? "has" : "lacks") + " the columns " + TOKEN_ID + ": int32, "
                    + SEQUENCE + ": int64, " + POSITION + ": int32; columns found: " + describe(schema));
        }
        return columns;
    }

    /** Whether the schema has the three token columns with their types. */
    static boolean tokens(Schema schema) {
        return hasType(schema, TOKEN_ID, INT32) && hasType(schema, SEQUENCE, INT64) && hasType(schema, POSITION, INT32);
    }

    private static boolean hasType(Schema schema, String name, ArrowType type) {
        Field field = find(schema, name);
        return field != null && type.equals(field.getType());
    }

    private static Field find(Schema schema, String name) {
        for (Field field : schema.getFields()) {
            if (field.getName().equals(name)) {
                return field;
            }
        }
        return null;
    }

    /** The columns with their types, for messages. */
    static String describe(Schema schema) {
        return schema.getFields().stream().map(f -> f.getName() + ": " + describe(f)).toList().toString();
    }

    /** A column's type with its children, for messages. */
    static String describe(Field field) {
        if (field.getChildren().isEmpty()) {
            return field.getType().toString();
        }
        return field.getType() + "<" + String.join(", ", field.getChildren().stream().map(ActivationSchema::describe)
                .toList()) + ">";
    }
}
