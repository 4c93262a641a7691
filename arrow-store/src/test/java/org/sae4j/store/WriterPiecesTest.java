package org.sae4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store written in pieces (one writer per shard range, as a split harvest does) is the store one writer writes. */
class WriterPiecesTest {
    private static final int DIM = 6;
    private static final WriterOptions OPTIONS = new WriterOptions(40, 16, false);

    @TempDir
    Path dir;

    @Test
    void pieces_give_the_shards_and_fingerprint_of_one_writer() throws Exception {
        float[] rows = TestStores.randomRows(3, 100, DIM);
        Map<String, String> metadata = Map.of("source", "test");
        Manifest whole;
        try (ActivationWriter w = ActivationWriter.create(dir.resolve("whole"), DIM, OPTIONS, metadata)) {
            w.write(rows, 100);
            whole = w.finish();
        }
        Path split = dir.resolve("split");
        ActivationWriter.Piece second = piece(split, metadata, rows, 2, 80, 100);
        ActivationWriter.Piece first = piece(split, metadata, rows, 0, 0, 80);
        Manifest assembled = ActivationWriter.assemble(split, DIM, OPTIONS, metadata, List.of(second, first));

        assertThat(assembled.shards()).isEqualTo(whole.shards());
        assertThat(assembled.fingerprint()).isEqualTo(whole.fingerprint());
        assertThat(assembled.rows()).isEqualTo(100);
        assertThat(assembled.meanSquaredNorm()).isCloseTo(whole.meanSquaredNorm(), within(1e-12));
        try (ActivationStore store = ActivationStore.open(split)) {
            assertThat(store.rows()).isEqualTo(100);
        }
    }

    @Test
    void assembling_pieces_with_a_gap_is_refused() throws Exception {
        float[] rows = TestStores.randomRows(4, 100, DIM);
        Path split = dir.resolve("gap");
        ActivationWriter.Piece last = piece(split, Map.of(), rows, 2, 80, 100);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ActivationWriter.assemble(split, DIM, OPTIONS, Map.of(), List.of(last)));
        assertThat(e.getMessage()).contains("leave a gap or overlap at shard 0");
    }

    private static ActivationWriter.Piece piece(Path dir, Map<String, String> metadata, float[] rows, int firstShard,
                                                int from, int to) throws Exception {
        try (ActivationWriter w = ActivationWriter.piece(dir, DIM, OPTIONS, metadata, firstShard)) {
            w.write(Arrays.copyOfRange(rows, from * DIM, to * DIM), to - from);
            return w.finishPiece();
        }
    }
}
