package org.sae4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifiedStampsTest {

    private static final int DIM = 4;

    @TempDir
    Path dir;

    @AfterEach
    void clearSession() {
        System.clearProperty(VerifiedStamps.SESSION_PROPERTY);
    }

    private Path store() throws IOException {
        Path store = dir.resolve("store");
        TestStores.write(store, DIM, TestStores.randomRows(5, 200, DIM), null, new WriterOptions(100, 50, false));
        return store;
    }

    @Test
    void a_file_hashed_in_this_build_is_not_hashed_again_while_unchanged() throws IOException {
        System.setProperty(VerifiedStamps.SESSION_PROPERTY, "build-1");
        Path store = store();
        ActivationStore.open(store).close();
        assertThat(store.resolve(VerifiedStamps.FILE_NAME)).exists();

        VerifiedStamps again = VerifiedStamps.in(store);
        again.sha256(store.resolve("shard-00000.arrow"));
        again.sha256(store.resolve("shard-00001.arrow"));
        assertThat(again.hashed()).isZero();
    }

    @Test
    void another_build_hashes_again() throws IOException {
        System.setProperty(VerifiedStamps.SESSION_PROPERTY, "build-1");
        Path store = store();
        ActivationStore.open(store).close();

        System.setProperty(VerifiedStamps.SESSION_PROPERTY, "build-2");
        VerifiedStamps next = VerifiedStamps.in(store);
        next.sha256(store.resolve("shard-00000.arrow"));
        assertThat(next.hashed()).isEqualTo(1);
    }

    @Test
    void without_a_session_every_open_hashes_and_nothing_is_stamped() throws IOException {
        Path store = store();
        ActivationStore.open(store).close();
        assertThat(store.resolve(VerifiedStamps.FILE_NAME)).doesNotExist();
        VerifiedStamps none = VerifiedStamps.in(store);
        none.sha256(store.resolve("shard-00000.arrow"));
        none.sha256(store.resolve("shard-00000.arrow"));
        assertThat(none.hashed()).isEqualTo(2);
    }

    @Test
    void a_stale_stamp_never_passes_even_with_size_and_mtime_restored() throws IOException {
        System.setProperty(VerifiedStamps.SESSION_PROPERTY, "build-1");
        Path store = store();
        ActivationStore.open(store).close();
        Path shard = store.resolve("shard-00001.arrow");
        FileTime modified = Files.getLastModifiedTime(shard);
        byte[] bytes = Files.readAllBytes(shard);
        bytes[bytes.length / 2] ^= 4;
        Files.write(shard, bytes);
        Files.setLastModifiedTime(shard, modified);

        assertThatThrownBy(() -> ActivationStore.open(store)).isInstanceOf(StoreException.class)
                .hasMessageContaining("shard-00001.arrow").hasMessageContaining("SHA-256");
        VerifiedStamps after = VerifiedStamps.in(store);
        after.sha256(shard);
        assertThat(after.hashed()).isEqualTo(1);
    }

    @Test
    void a_file_that_fails_verification_is_not_stamped() throws IOException {
        System.setProperty(VerifiedStamps.SESSION_PROPERTY, "build-1");
        Path store = store();
        Path shard = store.resolve("shard-00000.arrow");
        byte[] bytes = Files.readAllBytes(shard);
        bytes[bytes.length / 2] ^= 4;
        Files.write(shard, bytes);

        assertThatThrownBy(() -> ActivationStore.open(store)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> ActivationStore.open(store)).isInstanceOf(StoreException.class)
                .hasMessageContaining("SHA-256");
        assertThat(store.resolve(VerifiedStamps.FILE_NAME)).doesNotExist();
    }
}
