package org.sae4j.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

    @TempDir
    Path dir;

    @Test
    void deletes_a_nested_tree_and_accepts_a_missing_path() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("run/checkpoint/final"));
        Files.writeString(tree.resolve("a.safetensors"), "x");
        Files.writeString(dir.resolve("run/run.json"), "{}");

        FileTrees.delete(dir.resolve("run"));
        FileTrees.delete(dir.resolve("run"));

        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void deletes_links_without_following_them() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("shard-0.arrow"), "rows");
        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        Files.createSymbolicLink(scratch.resolve("data"), data);

        FileTrees.delete(scratch);

        assertThat(scratch).doesNotExist();
        assertThat(data.resolve("shard-0.arrow")).hasContent("rows");
    }
}
