package org.sae4j.store;

/**
 * A file of a data set other than its shards (e.g. the planted features of synthetic data), as recorded in the
 * manifest's {@code files} section so that opening the store verifies it too.
 *
 * @param file   the file's name, relative to the store directory
 * @param bytes  file size in bytes
 * @param sha256 SHA-256 of the file's content, 64 lowercase hexadecimal characters
 */
public record FileInfo(String file, long bytes, String sha256) {

    /** Validates the fields. */
    public FileInfo {
        // The shard rules (plain name, hash format) apply alike; ShardInfo names the offending value.
        new ShardInfo(file, 0, bytes, sha256);
        if (file.equals(Manifest.FILE_NAME)) {
            throw new IllegalArgumentException("the manifest cannot list itself as a data set file");
        }
    }
}
