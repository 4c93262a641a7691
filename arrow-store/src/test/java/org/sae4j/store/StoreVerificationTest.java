package org.sae4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreVerificationTest {

    private static final WriterOptions OPTIONS = new WriterOptions(500, 64, false);

    @TempDir
    Path root;

    private Path dir;

    @BeforeEach
    void writeStore() throws IOException {
        dir = root.resolve("store");
        TestStores.write(dir, 7, TestStores.randomRows(31, 1000, 7), null, OPTIONS);
    }

    @Test
    void rejects_corrupted_shard_naming_it() throws IOException {
        Path shard = dir.resolve("shard-00001.arrow");
        byte[] bytes = Files.readAllBytes(shard);
        for (int i = bytes.length / 2; i < bytes.length / 2 + 4; i++) {
            bytes[i] = (byte) ~bytes[i];
        }
        Files.write(shard, bytes);

        assertThatThrownBy(() -> ActivationStore.open(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining("shard-00001.arrow").hasMessageContaining("SHA-256");
    }

    @Test
    void rejects_truncated_shard_naming_it() throws IOException {
        Path shard = dir.resolve("shard-00000.arrow");
        long size = Files.size(shard);
        truncate(shard, size / 2);

        assertThatThrownBy(() -> ActivationStore.open(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining("shard-00000.arrow").hasMessageContaining(size / 2 + " bytes")
                .hasMessageContaining(String.valueOf(size));
    }

    @Test
    void rejects_truncated_shard_whose_manifest_entry_was_updated_by_its_missing_footer() throws IOException {
        Path shard = dir.resolve("shard-00001.arrow");
        truncate(shard, Files.size(shard) - 10);
        rewriteManifestEntry(1, shard);

        assertThatThrownBy(() -> ActivationStore.open(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining("shard-00001.arrow").hasMessageContaining("ARROW1");
    }

    @Test
    void rejects_shard_with_wrong_dim_naming_shard_and_both_dims() throws IOException {
        Path other = root.resolve("other");
        TestStores.write(other, 16, TestStores.randomRows(32, 1000, 16), null, OPTIONS);
        Path shard = dir.resolve("shard-00001.arrow");
        Files.copy(other.resolve("shard-00001.arrow"), shard, StandardCopyOption.REPLACE_EXISTING);
        rewriteManifestEntry(1, shard);

        assertThatThrownBy(() -> ActivationStore.open(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining("shard-00001.arrow").hasMessageContaining("16")
                .hasMessageContaining("manifest says 7");
    }

    @Test
    void rejects_shard_with_fewer_rows_than_the_manifest_says() throws IOException {
        Manifest manifest = Manifest.read(dir.resolve("manifest.json"));
        List<ShardInfo> shards = new ArrayList<>(manifest.shards());
        ShardInfo first = shards.get(0);
        shards.set(0, new ShardInfo(first.file(), first.rows() + 1, first.bytes(), first.sha256()));
        new Manifest(1, 7, manifest.rows() + 1, 500, shards, manifest.metadata(), manifest.meanNorm(),
                manifest.meanSquaredNorm(), false).write(dir.resolve("manifest.json"));

        assertThatThrownBy(() -> ActivationStore.open(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining("shard-00000.arrow").hasMessageContaining("500 rows")
                .hasMessageContaining("says 501");
    }

    @Test
    void rejects_missing_shard_naming_it() throws IOException {
        Files.delete(dir.resolve("shard-00001.arrow"));

        assertThatThrownBy(() -> ActivationStore.open(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining("shard-00001.arrow").hasMessageContaining("missing");
    }

    @Test
    void rejects_missing_manifest_naming_its_path() throws IOException {
        Files.delete(dir.resolve("manifest.json"));

        assertThatThrownBy(() -> ActivationStore.open(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining(dir.resolve("manifest.json").toString());
    }

    @Test
    void rejects_manifest_with_missing_or_mistyped_fields_naming_file_and_key() throws IOException {
        Path manifest = dir.resolve("manifest.json");
        String json = Files.readString(manifest);

        Files.writeString(manifest, json.replace("\"dim\" : 7,", ""));
        assertThatThrownBy(() -> Manifest.read(manifest)).isInstanceOf(StoreException.class)
                .hasMessageContaining(manifest.toString()).hasMessageContaining("missing required field 'dim'");

        Files.writeString(manifest, json.replace("\"dim\" : 7", "\"dim\" : \"seven\""));
        assertThatThrownBy(() -> Manifest.read(manifest)).hasMessageContaining("'dim' must be an integer");

        Files.writeString(manifest, json.replace("\"sha256\"", "\"sha\""));
        assertThatThrownBy(() -> Manifest.read(manifest)).hasMessageContaining("'shards[0].sha256'");

        Files.writeString(manifest, json.replace("\"formatVersion\" : 1", "\"formatVersion\" : 9"));
        assertThatThrownBy(() -> Manifest.read(manifest)).hasMessageContaining("formatVersion is 9");

        Files.writeString(manifest, json.substring(0, json.length() / 2));
        assertThatThrownBy(() -> Manifest.read(manifest)).hasMessageContaining("not valid JSON");
    }

    @Test
    void rejects_manifest_whose_fingerprint_does_not_match_its_shards() throws IOException {
        Path manifest = dir.resolve("manifest.json");
        String json = Files.readString(manifest, StandardCharsets.UTF_8);
        String fingerprint = Manifest.read(manifest).fingerprint();
        Files.writeString(manifest, json.replace(fingerprint, "0".repeat(64)));

        assertThatThrownBy(() -> Manifest.read(manifest)).isInstanceOf(StoreException.class)
                .hasMessageContaining("fingerprint");
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    /** Makes the manifest agree with the shard's new size and hash, so that only its content is wrong. */
    private void rewriteManifestEntry(int index, Path shard) throws IOException {
        Manifest manifest = Manifest.read(dir.resolve("manifest.json"));
        List<ShardInfo> shards = new ArrayList<>(manifest.shards());
        ShardInfo old = shards.get(index);
        shards.set(index, new ShardInfo(old.file(), old.rows(), Files.size(shard), AtomicFiles.sha256(shard)));
        new Manifest(manifest.formatVersion(), manifest.dim(), manifest.rows(), manifest.rowsPerShard(), shards,
                manifest.metadata(), manifest.meanNorm(), manifest.meanSquaredNorm(), manifest.tokenColumns())
                .write(dir.resolve("manifest.json"));
    }
}
