package org.sae4j.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Arrow metadata sae4j writes into every shard, so that a shard copied out of its store still says what it
 * holds. The schema carries what is known when a shard starts (format, n, token columns and the store's
 * provenance: model, hook, corpus and its fingerprint, seed, ...); the footer carries what is known only when it
 * ends: its rows and their mean norms, from which the input scale √n / meanNorm of the shard alone follows (the
 * store's is in its manifest). Every value is a string, and a shard's metadata depends only on its own rows and the
 * store's provenance, not on the time or on other shards, so a resumed or rewritten shard has the same bytes.
 */
final class ShardMetadata {

    /** Schema key: the format and its version. */
    static final String FORMAT = "sae4j.format";
    /** Its value. */
    static final String FORMAT_VALUE = "sae4j-activations/" + Manifest.FORMAT_VERSION;
    /** Schema key: n. */
    static final String DIM = "sae4j.dim";
    /** Schema key: whether the token columns are present. */
    static final String TOKEN_COLUMNS = "sae4j.tokenColumns";
    /** Prefix of the schema keys holding the store's provenance, e.g. {@code sae4j.metadata.model}. */
    static final String METADATA_PREFIX = "sae4j.metadata.";
    /** Footer key: rows of this shard. */
    static final String ROWS = "sae4j.rows";
    /** Footer key: mean ‖x‖₂ over the shard's rows, accumulated in float64. */
    static final String MEAN_NORM = "sae4j.meanNorm";
    /** Footer key: mean ‖x‖₂² over the shard's rows. */
    static final String MEAN_SQUARED_NORM = "sae4j.meanSquaredNorm";

    private ShardMetadata() {}

    /** The schema metadata of a store's shards. */
    static Map<String, String> schema(int dim, boolean tokenColumns, Map<String, String> provenance) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(FORMAT, FORMAT_VALUE);
        metadata.put(DIM, Integer.toString(dim));
        metadata.put(TOKEN_COLUMNS, Boolean.toString(tokenColumns));
        // Sorted, so the bytes do not depend on the order the producer built its map in.
        new TreeMap<>(provenance).forEach((key, value) -> metadata.put(METADATA_PREFIX + key, value));
        return metadata;
    }

    /** The footer metadata of a finished shard from the norms of its own rows. */
    static Map<String, String> footer(RowNorms shard) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(ROWS, Long.toString(shard.rows()));
        metadata.put(MEAN_NORM, Double.toString(shard.meanNorm()));
        metadata.put(MEAN_SQUARED_NORM, Double.toString(shard.meanSquaredNorm()));
        return metadata;
    }

    /**
     * The provenance a shard written by sae4j carries, from its schema metadata; empty for other files.
     *
     * @param schemaMetadata the file's schema metadata (may be null)
     * @return the provenance entries without their prefix, in key order
     */
    static Map<String, String> provenance(Map<String, String> schemaMetadata) {
        Map<String, String> provenance = new TreeMap<>();
        if (schemaMetadata == null || !FORMAT_VALUE.equals(schemaMetadata.get(FORMAT))) {
            return provenance;
        }
        schemaMetadata.forEach((key, value) -> {
            if (key.startsWith(METADATA_PREFIX)) {
                provenance.put(key.substring(METADATA_PREFIX.length()), value);
            }
        });
        return provenance;
    }
}
