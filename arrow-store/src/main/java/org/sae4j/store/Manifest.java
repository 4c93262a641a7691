package org.sae4j.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The description of an activation store, kept as {@code manifest.json} next to its shards.
 *
 * @param formatVersion   the manifest format version, {@value #FORMAT_VERSION}
 * @param dim             n, the length of every activation vector
 * @param rows            total rows (tokens), the sum of the shards' rows
 * @param rowsPerShard    rows per shard as written (the largest shard's rows for external data)
 * @param shards          the shards in store order
 * @param metadata        free-form provenance (model, hook, corpus, ...), kept sorted by key
 * @param meanNorm        mean over rows of the L2 norm ‖x‖₂, accumulated in float64 (for input scaling)
 * @param meanSquaredNorm mean over rows of ‖x‖₂², accumulated in float64
 * @param tokenColumns    whether rows carry {@code token_id}, {@code sequence} and {@code position}
 * @param files           the data set's other files (e.g. the planted features of synthetic data), sorted by
 *                        name; verified with the shards whenever the store is opened, not part of the fingerprint
 */
public record Manifest(int formatVersion, int dim, long rows, long rowsPerShard, List<ShardInfo> shards,
                       Map<String, String> metadata, double meanNorm, double meanSquaredNorm,
                       boolean tokenColumns, List<FileInfo> files) {

    /** The format version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /** The manifest's file name inside a store directory. */
    public static final String FILE_NAME = "manifest.json";

    /**
     * Prefix of the metadata keys of external data that carry the provenance of sae4j shards opened without their
     * store (from the shards' schema metadata): {@code shard.model}, {@code shard.hook}, ...
     */
    public static final String SHARD_PROVENANCE = "shard.";

    /** Validates the fields and makes defensive, immutable copies. */
    public Manifest {
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be at least 1, got " + dim);
        }
        if (rowsPerShard < 1) {
            throw new IllegalArgumentException("rowsPerShard must be at least 1, got " + rowsPerShard);
        }
        shards = List.copyOf(shards);
        long sum = 0;
        for (ShardInfo shard : shards) {
            sum += shard.rows();
        }
        if (rows != sum) {
            throw new IllegalArgumentException("rows is " + rows + " but the shards hold " + sum + " rows");
        }
        if (!Double.isFinite(meanNorm) || meanNorm < 0 || !Double.isFinite(meanSquaredNorm) || meanSquaredNorm < 0) {
            throw new IllegalArgumentException("meanNorm and meanSquaredNorm must be finite and >= 0, got "
                    + meanNorm + " and " + meanSquaredNorm);
        }
        metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
        files = files.stream().sorted(Comparator.comparing(FileInfo::file)).toList();
        Set<String> names = new HashSet<>();
        shards.forEach(shard -> names.add(shard.file()));
        for (FileInfo file : files) {
            if (!names.add(file.file())) {
                throw new IllegalArgumentException("file " + file.file() + " is listed twice, or also as a shard");
            }
        }
    }

    /** A manifest without other files: a store of shards only. */
    public Manifest(int formatVersion, int dim, long rows, long rowsPerShard, List<ShardInfo> shards,
                    Map<String, String> metadata, double meanNorm, double meanSquaredNorm, boolean tokenColumns) {
        this(formatVersion, dim, rows, rowsPerShard, shards, metadata, meanNorm, meanSquaredNorm, tokenColumns,
                List.of());
    }

    /**
     * Identifies the data set: SHA-256 over the UTF-8 text {@code "sae4j-activations\ndim=<dim>\n"} followed
     * by each shard's SHA-256 and a newline, in store order. Equal fingerprints mean the same shard bytes: the same
     * rows in the same order, laid out alike, with the same provenance (which sae4j's shards carry in their schema
     * metadata); file names and the manifest's own metadata do not enter.
     *
     * @return the fingerprint as 64 lowercase hexadecimal characters
     */
    public String fingerprint() {
        StringBuilder text = new StringBuilder("sae4j-activations\ndim=").append(dim).append('\n');
        for (ShardInfo shard : shards) {
            text.append(shard.sha256()).append('\n');
        }
        return AtomicFiles.sha256(text.toString());
    }

    /**
     * A copy with other metadata (the fingerprint does not change).
     *
     * @param replacement the new metadata
     * @return the copy
     */
    public Manifest withMetadata(Map<String, String> replacement) {
        return new Manifest(formatVersion, dim, rows, rowsPerShard, shards, replacement, meanNorm, meanSquaredNorm,
                tokenColumns, files);
    }

    /**
     * Reads and validates a manifest file.
     *
     * @param manifestJson the file to read
     * @return the manifest
     * @throws StoreException if the file is missing or unreadable, is not valid JSON, lacks a field, has a
     *                        field of the wrong type or an unsupported format version; the message names the
     *                        file and the field
     */
    public static Manifest read(Path manifestJson) throws StoreException {
        return ManifestJson.read(manifestJson);
    }

    /**
     * Writes this manifest as JSON, atomically. The output is deterministic (fields and metadata in a fixed
     * order) and includes the {@link #fingerprint()} for readers that do not recompute it.
     *
     * @param manifestJson the file to create or replace
     * @throws IOException if writing fails; the file is then unchanged
     */
    public void write(Path manifestJson) throws IOException {
        AtomicFiles.write(manifestJson, ManifestJson.toBytes(this));
    }
}
