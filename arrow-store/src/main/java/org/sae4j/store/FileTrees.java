package org.sae4j.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Whole directory trees, for replacing a directory that is about to be produced again. */
public final class FileTrees {

    private FileTrees() {}

    /**
     * Deletes {@code path} and, when it is a directory, everything under it, children first. Symbolic links are
     * deleted, never followed, so nothing outside the tree is touched. A missing path is not an error.
     *
     * @param path the file or directory to delete
     * @throws IOException naming the first file that cannot be deleted; what was deleted before stays deleted
     */
    public static void delete(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
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
