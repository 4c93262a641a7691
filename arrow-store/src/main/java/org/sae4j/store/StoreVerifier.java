package org.sae4j.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Checks a store's files against its manifest: each shard's presence, size, SHA-256, Arrow structure, schema and
 * row count, and each other listed file's presence, size and SHA-256.
 */
final class StoreVerifier {

    private StoreVerifier() {}

    /**
     * Verifies every shard.
     *
     * @param manifest  what the shards must match
     * @param paths     the shard files, in manifest order
     * @param hashes    SHA-256 already computed for each path in this open, or null to compute them
     * @param external  true for {@code data.source: arrow} files (any schema the store accepts), false for
     *                  files that {@link ActivationWriter} wrote (its exact activation and token columns)
     * @param filesDir  where the manifest's other {@link Manifest#files() files} are
     * @param allocator for transient reader buffers
     * @return the verified layouts, in manifest order
     * @throws StoreException naming the first shard that differs and how
     */
    static List<ShardLayout> verify(Manifest manifest, List<Path> paths, List<String> hashes, boolean external,
                                    Path filesDir, VerifiedStamps stamps, BufferAllocator allocator)
            throws IOException {
        for (FileInfo file : manifest.files()) {
            Path path = filesDir.resolve(file.file());
            checkBytes(path, "file", file.bytes(), present(path, stamps), file.sha256());
        }
        List<ShardLayout> layouts = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            Path path = paths.get(i);
            ShardInfo info = manifest.shards().get(i);
            checkBytes(path, "shard", info.bytes(), hashes != null ? hashes.get(i) : present(path, stamps),
                    info.sha256());
            ShardFile.Structure structure = ShardFile.read(path, allocator);
            ActivationSchema.Columns columns = external
                    ? externalColumns(path, structure, manifest)
                    : ActivationSchema.checkStoreShard(path, structure.schema(), manifest.dim(),
                            manifest.tokenColumns());
            if (structure.rows() != info.rows()) {
                throw new StoreException(path + ": has " + structure.rows() + " rows but the manifest says "
                        + info.rows());
            }
            layouts.add(new ShardLayout(path, columns, manifest.dim(), structure.batchRows()));
        }
        return layouts;
    }

    /** The SHA-256 of a file that exists (from its stamp when it has one), null for a missing one. */
    private static String present(Path path, VerifiedStamps stamps) throws IOException {
        return Files.isRegularFile(path) ? stamps.sha256(path) : null;
    }

    /**
     * Checks a file's presence, size and SHA-256 against the manifest.
     *
     * @param what "shard" or "file", for the message
     * @param sha  the file's SHA-256 if already computed in this open, else null
     */
    static void checkBytes(Path path, String what, long bytes, String sha, String expectedSha) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new StoreException(path + ": " + what + " listed in the manifest is missing");
        }
        long size = Files.size(path);
        if (size != bytes) {
            throw new StoreException(path + ": has " + size + " bytes but the manifest says " + bytes
                    + " (truncated or replaced)");
        }
        String actual = sha != null ? sha : AtomicFiles.sha256(path);
        if (!actual.equals(expectedSha)) {
            throw new StoreException(path + ": SHA-256 is " + actual + " but the manifest says " + expectedSha
                    + ": the " + what + " is corrupt or was replaced");
        }
    }

    private static ActivationSchema.Columns externalColumns(Path path, ShardFile.Structure structure,
                                                            Manifest manifest) throws StoreException {
        ActivationSchema.Columns found = ActivationSchema.inspect(path, structure.schema());
        if (found.kind() == ActivationSchema.Kind.FIXED_SIZE_LIST && found.dim() != manifest.dim()) {
            throw new StoreException(path + ": activation dimension is " + found.dim() + " but the manifest says "
                    + manifest.dim());
        }
        if (manifest.tokenColumns() && !found.tokenColumns()) {
            throw new StoreException(path + ": the manifest says tokenColumns=true but the file lacks "
                    + ActivationSchema.TOKEN_ID + "/" + ActivationSchema.SEQUENCE + "/" + ActivationSchema.POSITION);
        }
        // Token columns are used only when every file has them, as the manifest records.
        return new ActivationSchema.Columns(found.kind(), manifest.dim(), found.nullable(), manifest.tokenColumns());
    }
}
