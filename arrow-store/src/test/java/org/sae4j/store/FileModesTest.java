package org.sae4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files sae4j writes get the mode the umask gives any new file, not 0600 as temporary files would. */
class FileModesTest {

    @TempDir
    Path dir;

    @Test
    void atomic_writes_shards_manifests_and_progress_files_get_the_modes_of_a_normally_created_file()
            throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file modes");
        Path store = dir.resolve("store");
        Set<PosixFilePermission> normal = normalMode(dir);
        assumeTrue(!normal.equals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)),
                "the umask (077) gives the same mode as a temporary file, so the test could not fail");

        AtomicFiles.writeString(dir.resolve("run.json"), "{}");
        try (ActivationWriter writer = ActivationWriter.resume(store, 3, new WriterOptions(4, 2, false), Map.of(),
                line -> { })) {
            writer.write(new float[18], 6);
            assertThat(mode(store.resolve(WriterProgress.FILE_NAME))).isEqualTo(normalMode(store));
            writer.finish();
        }

        assertThat(mode(dir.resolve("run.json"))).isEqualTo(normal);
        for (String name : new String[] {"shard-00000.arrow", "shard-00001.arrow", Manifest.FILE_NAME}) {
            assertThat(mode(store.resolve(name))).as(name).isEqualTo(normalMode(store));
        }
    }

    /** The mode of a file created with the default attributes in {@code directory}. */
    private static Set<PosixFilePermission> normalMode(Path directory) throws IOException {
        Path reference = Files.createFile(directory.resolve("reference-" + System.nanoTime()));
        try {
            return mode(reference);
        } finally {
            Files.delete(reference);
        }
    }

    private static Set<PosixFilePermission> mode(Path file) throws IOException {
        return Files.getPosixFilePermissions(file);
    }
}
