package org.sae4j.store;

/**
 * One shard as recorded in the manifest.
 *
 * @param file   the shard's file name, relative to the store directory (or to the external source)
 * @param rows   number of rows in the shard
 * @param bytes  file size in bytes
 * @param sha256 SHA-256 of the file's content, 64 lowercase hexadecimal characters
 */
public record ShardInfo(String file, long rows, long bytes, String sha256) {

    /** Validates the fields. */
    public ShardInfo {
        if (file == null || file.isEmpty() || file.contains("/") || file.contains("\\") || file.equals("..")
                || file.equals(".")) {
            throw new IllegalArgumentException("shard file must be a plain file name, got '" + file + "'");
        }
        if (rows < 0) {
            throw new IllegalArgumentException("shard " + file + ": rows must be >= 0, got " + rows);
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("shard " + file + ": bytes must be >= 0, got " + bytes);
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(
                    "shard " + file + ": sha256 must be 64 lowercase hex characters, got '" + sha256 + "'");
        }
    }
}
