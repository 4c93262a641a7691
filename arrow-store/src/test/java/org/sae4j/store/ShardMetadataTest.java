package org.sae4j.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardMetadataTest {

    private static final int DIM = 5;

    @TempDir
    Path dir;

    @Test
    void every_shard_carries_the_provenance_in_its_schema_and_its_rows_and_norms_in_its_footer() throws IOException {
        float[] data = TestStores.randomRows(3, 300, DIM);
        Manifest manifest = TestStores.write(dir.resolve("store"), DIM, data, null, new WriterOptions(128, 50, false));
        assertThat(manifest.shards()).hasSize(3);
        for (int s = 0; s < 3; s++) {
            Path shard = dir.resolve("store").resolve(manifest.shards().get(s).file());
            try (RootAllocator allocator = new RootAllocator();
                 ArrowFileReader reader = new ArrowFileReader(FileChannel.open(shard, StandardOpenOption.READ),
                         allocator)) {
                Map<String, String> schema = reader.getVectorSchemaRoot().getSchema().getCustomMetadata();
                assertThat(schema).containsEntry("sae4j.format", "sae4j-activations/1")
                        .containsEntry("sae4j.dim", "5").containsEntry("sae4j.tokenColumns", "false")
                        .containsEntry("sae4j.metadata.model", "toy");
                Map<String, String> footer = reader.getMetaData();
                long rows = manifest.shards().get(s).rows();
                assertThat(footer).containsEntry("sae4j.rows", Long.toString(rows));
                float[] own = Arrays.copyOfRange(data, s * 128 * DIM, (int) ((s * 128 + rows) * DIM));
                RowNorms norms = new RowNorms();
                norms.add(own, 0, (int) rows, DIM);
                assertThat(Double.parseDouble(footer.get("sae4j.meanNorm"))).isEqualTo(norms.meanNorm());
                assertThat(Double.parseDouble(footer.get("sae4j.meanSquaredNorm")))
                        .isEqualTo(norms.meanSquaredNorm());
            }
        }
    }

    @Test
    void a_shard_copied_out_alone_still_says_what_it_holds() throws IOException {
        Manifest manifest = TestStores.write(dir.resolve("store"), DIM, TestStores.randomRows(4, 300, DIM), null,
                new WriterOptions(128, 50, false));
        Path alone = Files.createDirectories(dir.resolve("elsewhere")).resolve("copied.arrow");
        Files.copy(dir.resolve("store").resolve(manifest.shards().get(1).file()), alone);

        try (ActivationStore store = ActivationStore.openExternal(alone, dir.resolve("cache"))) {
            assertThat(store.manifest().metadata()).containsEntry(Manifest.SHARD_PROVENANCE + "model", "toy");
            assertThat(store.rows()).isEqualTo(128);
        }
    }
}
