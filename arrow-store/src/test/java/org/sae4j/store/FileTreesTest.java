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

    @Test
    void a_directory_leaves_its_name_before_its_files_go_and_an_interrupted_delete_is_finished_later()
            throws IOException {
        Path set = dir.resolve("step-80");
        Files.createDirectories(set);
        Files.writeString(set.resolve("manifest.json"), "{}");
        // What a delete killed half-way leaves: a hidden sibling, never a half-empty step-80.
        Path leftover = dir.resolve(".step-80.deleting-abc");
        Files.createDirectories(leftover.resolve("sub"));
        Files.writeString(leftover.resolve("sub/state"), "x");

        FileTrees.delete(set);

        try (var left = Files.list(dir)) {
            assertThat(left.toList()).isEmpty();
        }
    }
}
