package org.sae4j.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.stream.Stream;

/** Whole directory trees, for replacing a directory that is about to be produced again. */
public final class FileTrees {

    private static final SecureRandom RANDOM = new SecureRandom();

    private FileTrees() {}

    /**
     * Deletes {@code path} and, when it is a directory, everything under it. Symbolic links are deleted, never
     * followed, so nothing outside the tree is touched. A missing path is not an error.
     *
     * <p>A directory is first renamed to a hidden sibling {@code .<name>.deleting-<random>} and deleted there, so a
     * process killed half-way never leaves a directory under its real name whose manifest lists files that are
     * gone; such leftovers of an earlier kill are deleted by the next call for the same name.
     *
     * @param path the file or directory to delete
     * @throws IOException naming the first file that cannot be deleted; what was deleted before stays deleted
     */
    public static void delete(Path path) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path parent = absolute.getParent();
        String leftoverPrefix = "." + absolute.getFileName() + ".deleting-";
        if (parent != null && Files.isDirectory(parent)) {
            try (Stream<Path> siblings = Files.list(parent)) {
                for (Path leftover : siblings.filter(p -> p.getFileName().toString().startsWith(leftoverPrefix))
                        .toList()) {
                    deleteTree(leftover);
                }
            }
        }
        if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (parent != null && Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
            Path doomed = parent.resolve(leftoverPrefix + Long.toUnsignedString(RANDOM.nextLong(), 36));
            Files.move(absolute, doomed, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(doomed);
            return;
        }
        deleteTree(absolute);
    }

    private static void deleteTree(Path path) throws IOException {
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
