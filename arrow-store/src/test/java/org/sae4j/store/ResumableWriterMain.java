package org.sae4j.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A producer for the resume tests, run in a child JVM: writes {@link #ROWS} seeded rows into a resumable writer in
 * {@code args[0]}, continuing where an earlier, killed run left off, and prints the fingerprint.
 */
public final class ResumableWriterMain {

    static final int DIM = 5;
    static final int ROWS = 1_000;
    static final WriterOptions OPTIONS = new WriterOptions(300, 64, false);
    static final Map<String, String> METADATA = Map.of("producer", "resume-test", "seed", "71");

    private ResumableWriterMain() {}

    /** The rows every run writes. */
    static float[] rows() {
        return TestStores.randomRows(71, ROWS, DIM);
    }

    public static void main(String[] args) throws IOException {
        float[] rows = rows();
        try (ActivationWriter writer = ActivationWriter.resume(Path.of(args[0]), DIM, OPTIONS, METADATA,
                System.out::println)) {
            writer.expectRows(ROWS);
            System.out.println("continuing at row " + writer.rows());
            // Odd chunks, so chunk, batch and shard boundaries differ.
            for (int at = (int) writer.rows(); at < ROWS; at += 37) {
                int n = Math.min(37, ROWS - at);
                writer.write(Arrays.copyOfRange(rows, at * DIM, (at + n) * DIM), n);
            }
            System.out.println("fingerprint " + writer.finish().fingerprint());
        }
    }
}
