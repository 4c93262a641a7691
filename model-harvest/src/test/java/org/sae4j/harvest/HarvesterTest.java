package org.sae4j.harvest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sae4j.store.ActivationStore;
import org.sae4j.store.BatchReader;
import org.sae4j.store.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Harvests a sample of the shipped corpus (experiments/corpus). */
class HarvesterTest {

    private static final Path MOBY_DICK = Path.of("..", "experiments", "corpus", "moby-dick.txt.gz");
    private static final int TOKENS = 2_000;
    private static final int WINDOW = 64;

    @TempDir
    Path dir;

    private static HarvestRequest request(String model, String hook, Path corpus) {
        return new HarvestRequest(model, hook, List.of(corpus), TOKENS, WINDOW, 8);
    }

    @Test
    void harvests_a_verified_store_whose_rows_match_the_model_and_a_second_run_skips() throws IOException {
        Path data = dir.resolve("data");
        List<String> log = new ArrayList<>();
        HarvestRequest req = request("all-minilm-l6-v2", "blocks.3.resid_post", MOBY_DICK);
        Manifest manifest = Harvester.harvest(req, data, log::add);

        assertThat(manifest.rows()).isEqualTo(TOKENS);
        assertThat(manifest.dim()).isEqualTo(384);
        assertThat(manifest.tokenColumns()).isTrue();
        assertThat(manifest.metadata()).containsEntry("model", "all-minilm-l6-v2")
                .containsEntry("hook", "blocks.3.resid_post").containsEntry("corpus", "moby-dick.txt.gz")
                .containsKey(Harvester.FINGERPRINT_KEY);
        assertThat(log).anyMatch(line -> line.contains("tokens/s"));

        int h = manifest.dim();
        float[] stored = new float[TOKENS * h];
        int[] tokenIds = new int[TOKENS];
        long[] sequences = new long[TOKENS];
        int[] positions = new int[TOKENS];
        try (ActivationStore store = ActivationStore.open(data);
                BatchReader reader = store.reader(store.all(), TOKENS, 0, false)) {
            assertThat(reader.next(stored, tokenIds, sequences, positions)).isEqualTo(TOKENS);
        }
        List<TokenWindow> windows;
        try (EncoderModel model = EncoderModel.load("all-minilm-l6-v2");
                CorpusWindows corpus = new CorpusWindows(model.tokenizer(), List.of(MOBY_DICK), WINDOW)) {
            windows = corpus.next(TOKENS / (WINDOW - 2) + 1);
            HookRows expected = model.read(windows.subList(0, 8), HookPoint.residPost(3));
            float[] first = Arrays.copyOf(stored, expected.rows().length);
            assertThat(SplicingTest.maxAbsDiff(first, expected.rows())).isLessThanOrEqualTo(1e-5);
        }
        int r = 0;
        for (TokenWindow w : windows) {
            for (int p = 1; p <= w.contentLength() && r < TOKENS; p++, r++) {
                assertThat(tokenIds[r]).isEqualTo(w.ids()[p]);
                assertThat(sequences[r]).isEqualTo(w.sequence());
                assertThat(positions[r]).isEqualTo(p);
            }
        }
        assertThat(r).isEqualTo(TOKENS);

        Path shard = data.resolve(manifest.shards().getFirst().file());
        FileTime written = Files.getLastModifiedTime(shard);
        List<String> second = new ArrayList<>();
        Manifest again = Harvester.harvest(req, data, second::add);
        assertThat(again).isEqualTo(manifest);
        assertThat(second).singleElement().asString().contains("reusing verified data set " + data);
        assertThat(Files.getLastModifiedTime(shard)).isEqualTo(written);
    }

    @Test
    void harvests_again_when_the_existing_store_is_corrupt_or_from_another_request() throws IOException {
        Path data = dir.resolve("data");
        HarvestRequest small = new HarvestRequest("all-minilm-l6-v2", "embed", List.of(MOBY_DICK), 300, WINDOW, 8);
        Manifest first = Harvester.harvest(small, data, line -> { });
        Path shard = data.resolve(first.shards().getFirst().file());
        byte[] bytes = Files.readAllBytes(shard);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(shard, bytes);

        List<String> log = new ArrayList<>();
        Manifest repaired = Harvester.harvest(small, data, log::add);
        assertThat(log.getFirst()).contains("not valid").contains(shard.getFileName().toString());
        assertThat(repaired.fingerprint()).isEqualTo(first.fingerprint());
        try (ActivationStore store = ActivationStore.open(data)) {
            assertThat(store.rows()).isEqualTo(300);
        }

        List<String> other = new ArrayList<>();
        Manifest replaced = Harvester.harvest(new HarvestRequest("all-minilm-l6-v2", "embed", List.of(MOBY_DICK),
                200, WINDOW, 8), data, other::add);
        assertThat(other.getFirst()).contains("different request");
        assertThat(replaced.rows()).isEqualTo(200);
    }

    @Test
    void a_bf16_harvest_records_its_precision_and_does_not_reuse_a_float32_store() throws IOException {
        Path data = dir.resolve("data");
        HarvestRequest fp32 = new HarvestRequest("all-minilm-l6-v2", "blocks.0.resid_post", List.of(MOBY_DICK), 300,
                WINDOW, 8);
        HarvestRequest bf16 = new HarvestRequest("all-minilm-l6-v2", "blocks.0.resid_post", List.of(MOBY_DICK), 300,
                WINDOW, 8, Precision.BF16);
        Manifest first = Harvester.harvest(fp32, data, line -> { });
        assertThat(first.metadata()).doesNotContainKey("harvest.precision");

        Manifest second = Harvester.harvest(bf16, data, line -> { });
        assertThat(second.metadata()).containsEntry("harvest.precision", "bf16");
        assertThat(second.fingerprint()).isNotEqualTo(first.fingerprint());
        try (ActivationStore store = ActivationStore.open(data)) {
            assertThat(store.manifest().metadata()).containsEntry("harvest.precision", "bf16");
        }
    }

    @Test
    void rejects_missing_corpus_naming_the_path() {
        Path missing = dir.resolve("missing.txt.gz");
        assertThatThrownBy(() -> Harvester.harvest(request("all-minilm-l6-v2", "blocks.3.resid_post", missing),
                dir.resolve("data"), line -> { })).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void rejects_unknown_model_listing_the_known_ones() {
        assertThatThrownBy(() -> Harvester.harvest(request("bert-large", "blocks.3.resid_post", MOBY_DICK),
                dir.resolve("data"), line -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bert-large").hasMessageContaining("all-minilm-l6-v2");
    }

    @Test
    void rejects_hook_beyond_the_models_blocks() {
        assertThatThrownBy(() -> Harvester.harvest(request("all-minilm-l6-v2", "blocks.9.resid_post", MOBY_DICK),
                dir.resolve("data"), line -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blocks.9.resid_post").hasMessageContaining("6 blocks");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void fails_when_the_corpus_is_smaller_than_the_request_leaving_no_store() throws IOException {
        Path tiny = Files.writeString(dir.resolve("tiny.txt"), "Call me Ishmael. Some years ago, never mind how long.");
        Path data = dir.resolve("data");
        assertThatThrownBy(() -> Harvester.harvest(request("all-minilm-l6-v2", "embed", tiny), data, line -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("tiny.txt").hasMessageContaining("yields only");
        assertThat(data.resolve(Manifest.FILE_NAME)).doesNotExist();
    }
}
