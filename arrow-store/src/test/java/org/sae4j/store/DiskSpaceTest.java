package org.sae4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpaceTest {

    @TempDir
    Path dir;

    @Test
    void names_the_path_the_bytes_needed_and_free_when_a_write_cannot_fit() throws Exception {
        long free = Files.getFileStore(dir).getUsableSpace();
        Path target = dir.resolve("not/yet/created");
        DiskSpace.InsufficientSpaceException e = assertThrows(DiskSpace.InsufficientSpaceException.class,
                () -> DiskSpace.require(target, free + (1L << 40), "checkpoint"));
        assertThat(e.getMessage()).startsWith("not enough disk space for the checkpoint in " + target + ": needs ")
                .contains(" bytes) free on ");
    }

    @Test
    void passes_when_the_write_fits() throws Exception {
        DiskSpace.require(dir.resolve("new"), 1024, "shard");
    }
}
