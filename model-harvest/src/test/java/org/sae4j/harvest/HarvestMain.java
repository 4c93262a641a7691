package org.sae4j.harvest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.sae4j.store.ActivationStore;
import org.sae4j.store.WriterOptions;

/**
 * The harvest of the resume test, run in a child JVM so that a fault point can kill it: 2,000 tokens of the shipped
 * corpus into {@code args[0]} in shards of 500 rows, printing the fingerprint.
 */
public final class HarvestMain {

    static final HarvestRequest REQUEST = new HarvestRequest("all-minilm-l6-v2", "blocks.1.resid_post",
            List.of(Path.of("..", "experiments", "corpus", "moby-dick.txt.gz")), 2_000, 64, 8);
    /** 500-row shards: shard 2 starts in the middle of the third batch (8 windows of 62 content tokens). */
    static final WriterOptions OPTIONS = new WriterOptions(500, 128, true);

    private HarvestMain() {
    }

    public static void main(String[] args) throws IOException {
        try (ActivationStore store = Harvester.open(REQUEST, Path.of(args[0]), OPTIONS, System.out::println)) {
            System.out.println("fingerprint " + store.manifest().fingerprint());
        }
    }
}
