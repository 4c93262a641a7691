package org.sae4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data set's files other than shards (the truth of synthetic data) are in the manifest and verified on open. */
class ManifestFilesTest {

    private static final String TRUTH = "true_features.safetensors";

    @TempDir
    Path dir;

    private Manifest manifest;

    @BeforeEach
    void writeStoreWithTruth() throws IOException {
        try (ActivationWriter writer = ActivationWriter.create(dir, 4, new WriterOptions(10, 5, false), Map.of())) {
            writer.write(TestStores.randomRows(81, 25, 4), 25);
            Files.write(dir.resolve(TRUTH), new byte[] {1, 2, 3, 4, 5});
            writer.addFile(TRUTH);
            manifest = writer.finish();
        }
    }

    @Test
    void the_manifest_lists_the_file_with_its_size_and_sha256_and_reads_back() throws IOException {
        assertThat(manifest.files()).containsExactly(new FileInfo(TRUTH, 5, AtomicFiles.sha256(dir.resolve(TRUTH))));
        assertThat(Manifest.read(dir.resolve(Manifest.FILE_NAME))).isEqualTo(manifest);
        assertThat(Files.readString(dir.resolve(Manifest.FILE_NAME))).contains("\"files\"").contains(TRUTH);
        try (ActivationStore store = ActivationStore.open(dir)) {
            assertThat(store.manifest().files()).hasSize(1);
        }
    }

    @Test
    void a_changed_file_is_named_when_the_store_is_opened() throws IOException {
        Files.write(dir.resolve(TRUTH), new byte[] {1, 2, 3, 4, 6});

        assertThatThrownBy(() -> ActivationStore.open(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining(dir.resolve(TRUTH).toString()).hasMessageContaining("SHA-256")
                .hasMessageContaining("corrupt or was replaced");
    }

    @Test
    void a_missing_or_truncated_file_is_named_when_the_store_is_opened() throws IOException {
        Files.write(dir.resolve(TRUTH), new byte[] {1, 2});
        assertThatThrownBy(() -> ActivationStore.open(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining(TRUTH).hasMessageContaining("has 2 bytes but the manifest says 5");

        Files.delete(dir.resolve(TRUTH));
        assertThatThrownBy(() -> ActivationStore.open(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining(TRUTH).hasMessageContaining("file listed in the manifest is missing");
    }

    @Test
    void a_store_of_shards_alone_keeps_the_manifest_without_a_files_section() throws IOException {
        Path plain = dir.resolve("plain");
        TestStores.write(plain, 4, TestStores.randomRows(82, 10, 4), null, new WriterOptions(10, 5, false));

        assertThat(Files.readString(plain.resolve(Manifest.FILE_NAME))).doesNotContain("\"files\"");
        assertThat(Manifest.read(plain.resolve(Manifest.FILE_NAME)).files()).isEmpty();
    }

    @Test
    void a_file_that_is_not_there_cannot_be_listed() throws IOException {
        try (ActivationWriter writer = ActivationWriter.create(dir.resolve("other"), 4, new WriterOptions(10, 5, false),
                Map.of())) {
            assertThatThrownBy(() -> writer.addFile("absent.bin")).isInstanceOf(IOException.class)
                    .hasMessageContaining("absent.bin").hasMessageContaining("no such file");
        }
    }
}
