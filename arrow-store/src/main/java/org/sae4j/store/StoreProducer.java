package org.sae4j.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Produces a data set directory (generated or harvested activations) exactly once, safely against crashes and
 * other processes:
 * <ol>
 *   <li>the data set's lock ({@link DirectoryLock} on {@code .<name>.lock} beside it) is held while it is checked
 *       or produced, so a second process asking for the same data set waits, naming the holder, and then finds
 *       the finished data set instead of producing it again;</li>
 *   <li>a complete, verified store in the directory that the caller accepts is reused;</li>
 *   <li>otherwise the store is produced in the sibling {@code <name>.partial}, which is not deleted first: the
 *       producer resumes what a killed one left there ({@link ActivationWriter#resume}), and a partial directory
 *       that already holds a complete accepted store is published as it is;</li>
 *   <li>the complete directory is published by renaming it to {@code <name>}, replacing any older one.</li>
 * </ol>
 */
public final class StoreProducer {

    /** How long to wait for another process producing the same data set: a harvest may take hours. */
    static final Duration WAIT = Duration.ofHours(24);

    private StoreProducer() {}

    /** Writes a store into the directory it is given (created, possibly holding a killed producer's progress). */
    @FunctionalInterface
    public interface Production {
        /**
         * Produces the store.
         *
         * @param partialDir where to write it; the store must be finished (its manifest written) on return
         * @throws IOException if producing fails; what was finished stays for the next attempt
         */
        void produce(Path partialDir) throws IOException;
    }

    /**
     * Opens the data set in {@code dir}, producing it first when it is missing, invalid or not accepted.
     *
     * @param dir        the data set directory
     * @param rejection  why an existing complete store is not the one wanted (e.g. "was made by a different
     *                   request"), or null when it is
     * @param production writes the store
     * @param log        receives what is reused, resumed or produced, and lock waits
     * @return the open, verified store; the caller closes it
     * @throws IOException if the lock, the production, the publication or the verification fails
     */
    public static ActivationStore openOrProduce(Path dir, Function<Manifest, String> rejection,
                                                Production production, Consumer<String> log) throws IOException {
        try (DirectoryLock lock = lock(dir, log)) {
            ActivationStore existing = accepted(dir, rejection, log);
            if (existing != null) {
                log.accept("data: reusing verified data set " + dir + String.format(" (%,d rows)", existing.rows()));
                return existing;
            }
            Path partial = partialDirectory(dir);
            ActivationStore finished = Files.exists(partial.resolve(Manifest.FILE_NAME))
                    ? accepted(partial, rejection, log) : null;
            if (finished != null) {
                finished.close();
                log.accept("publishing the complete data set left in " + partial);
            } else {
                Files.createDirectories(partial);
                production.produce(partial);
            }
            FileTrees.delete(dir);
            Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
            return ActivationStore.open(dir);
        }
    }

    /**
     * Locks a data set directory for checking or producing it. The lock is a {@link DirectoryLock} on the sibling
     * {@code .<name>.lock}, which, unlike the data set directory, is never replaced.
     *
     * @param dir the data set directory
     * @param log receives a line naming the holder while another process has it
     * @return the held lock; close it to release
     * @throws IOException if the lock cannot be taken
     */
    public static DirectoryLock lock(Path dir, Consumer<String> log) throws IOException {
        Path lockDir = dir.toAbsolutePath().normalize().resolveSibling("." + dir.getFileName() + ".lock");
        return DirectoryLock.acquire(lockDir, "data set lock", WAIT, log);
    }

    /** Where a data set is produced before it is published. */
    static Path partialDirectory(Path dir) {
        return dir.resolveSibling(dir.getFileName() + ".partial");
    }

    /**
     * The verified store in {@code dir} if it is complete and accepted, else null (having said why). The manifest
     * is judged before the shards are verified, so a store of another request is not read in full.
     */
    private static ActivationStore accepted(Path dir, Function<Manifest, String> rejection, Consumer<String> log)
            throws IOException {
        if (!Files.exists(dir.resolve(Manifest.FILE_NAME))) {
            return null;
        }
        try {
            String reason = rejection.apply(Manifest.read(dir.resolve(Manifest.FILE_NAME)));
            if (reason != null) {
                log.accept("data set " + dir + " " + reason + "; producing it again");
                return null;
            }
            return ActivationStore.open(dir);
        } catch (StoreException e) {
            log.accept("WARN data set " + dir + " is not valid (" + e.getMessage() + "); producing it again");
            return null;
        }
    }
}
