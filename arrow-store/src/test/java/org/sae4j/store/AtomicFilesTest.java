package org.sae4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writes_and_replaces_content_creating_parent_directories() throws IOException {
        Path target = dir.resolve("a/b/run.json");
        AtomicFiles.writeString(target, "first");
        AtomicFiles.writeString(target, "second é");

        assertThat(Files.readString(target, StandardCharsets.UTF_8)).isEqualTo("second é");
        assertThat(names(target.getParent())).containsExactly("run.json");
    }

    @Test
    void failing_writer_leaves_old_content_and_no_temp_file() throws IOException {
        Path target = dir.resolve("checkpoint.bin");
        AtomicFiles.write(target, new byte[] {1, 2, 3});

        assertThatThrownBy(() -> AtomicFiles.write(target, temp -> {
            Files.write(temp, new byte[] {9, 9});
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readAllBytes(target)).containsExactly(1, 2, 3);
        assertThat(names(dir)).containsExactly("checkpoint.bin");
    }

    @Test
    void sha256_matches_the_published_test_vectors() throws IOException {
        Path abc = dir.resolve("abc");
        Files.writeString(abc, "abc");
        Path empty = dir.resolve("empty");
        Files.write(empty, new byte[0]);

        // FIPS 180-2 example and the digest of the empty message.
        assertThat(AtomicFiles.sha256(abc))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(AtomicFiles.sha256(empty))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(AtomicFiles.sha256("abc")).isEqualTo(AtomicFiles.sha256(abc));
        assertThat(AtomicFiles.sha256(new byte[0])).isEqualTo(AtomicFiles.sha256(empty));
    }

    private static java.util.List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
