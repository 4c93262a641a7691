package org.sae4j.store;

import java.nio.file.Path;

/**
 * A verified shard: where it is, how its activation column is stored, and the rows of each record batch.
 *
 * @param path      the shard file
 * @param columns   its activation and token column layout
 * @param dim       n, the activation length (from the manifest)
 * @param batchRows rows of each record batch, in file order (not modified after construction)
 */
record ShardLayout(Path path, ActivationSchema.Columns columns, int dim, int[] batchRows) {

    int batches() {
        return batchRows.length;
    }

    String name() {
        return path.getFileName().toString();
    }
}
