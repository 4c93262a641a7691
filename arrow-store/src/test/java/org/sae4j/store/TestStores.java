package org.sae4j.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded test data and helpers to write and read stores. */
final class TestStores {

    private TestStores() {}

    /** Rows of Gaussian values with a per-row scale, so norms vary. */
    static float[] randomRows(long seed, int rows, int dim) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] data = new float[rows * dim];
        for (int r = 0; r < rows; r++) {
            double scale = 0.5 + 2 * random.nextDouble();
            for (int j = 0; j < dim; j++) {
                data[r * dim + j] = (float) (scale * gaussian(random));
            }
        }
        return data;
    }

    static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** Token columns derived from the row index, so each row's tokens identify it. */
    record Tokens(int[] tokenIds, long[] sequences, int[] positions) {
        static Tokens forRows(int rows) {
            Tokens tokens = new Tokens(new int[rows], new long[rows], new int[rows]);
            for (int r = 0; r < rows; r++) {
                tokens.tokenIds[r] = 1000 + 7 * r;
                tokens.sequences[r] = 5_000_000_000L + r / 50;
                tokens.positions[r] = r % 50;
            }
            return tokens;
        }
    }

    /** Writes rows in uneven chunks (so chunk, batch and shard boundaries all differ) and finishes. */
    static Manifest write(Path dir, int dim, float[] rows, Tokens tokens, WriterOptions options) throws IOException {
        int total = rows.length / dim;
        try (ActivationWriter writer = ActivationWriter.create(dir, dim, options, Map.of("model", "toy"))) {
            int done = 0;
            int chunk = 1;
            while (done < total) {
                int n = Math.min(chunk, total - done);
                float[] part = Arrays.copyOfRange(rows, done * dim, (done + n) * dim);
                if (tokens == null) {
                    writer.write(part, n);
                } else {
                    writer.write(part, n, Arrays.copyOfRange(tokens.tokenIds(), done, done + n),
                            Arrays.copyOfRange(tokens.sequences(), done, done + n),
                            Arrays.copyOfRange(tokens.positions(), done, done + n));
                }
                done += n;
                chunk = chunk * 3 + 1;
            }
            return writer.finish();
        }
    }

    /** Everything a reader yields, concatenated. */
    static float[] readAll(ActivationStore store, RowSet part, int batchSize, long seed, boolean shuffle)
            throws IOException {
        return readAll(store, part, batchSize, seed, shuffle, ActivationStore.defaultMixRows(batchSize, store.dim()));
    }

    static float[] readAll(ActivationStore store, RowSet part, int batchSize, long seed, boolean shuffle,
                           int mixRows) throws IOException {
        int dim = store.dim();
        float[] out = new float[Math.toIntExact(part.rows() * dim)];
        float[] buffer = new float[batchSize * dim];
        int rows = 0;
        try (BatchReader reader = store.reader(part, batchSize, seed, shuffle, mixRows)) {
            for (int n = reader.next(buffer); n > 0; n = reader.next(buffer)) {
                System.arraycopy(buffer, 0, out, rows * dim, n * dim);
                rows += n;
            }
        }
        if (rows != part.rows()) {
            throw new AssertionError("reader yielded " + rows + " rows, part has " + part.rows());
        }
        return out;
    }

    /** Each row's exact bit pattern, counted: equal maps mean the same multiset of rows. */
    static Map<String, Integer> rowMultiset(float[] data, int dim) {
        Map<String, Integer> counts = new HashMap<>();
        for (int r = 0; r < data.length / dim; r++) {
            counts.merge(rowKey(data, r, dim), 1, Integer::sum);
        }
        return counts;
    }

    static String rowKey(float[] data, int row, int dim) {
        StringBuilder key = new StringBuilder();
        for (int j = 0; j < dim; j++) {
            key.append(Integer.toHexString(Float.floatToRawIntBits(data[row * dim + j]))).append(',');
        }
        return key.toString();
    }

    /** Rows of {@code data} selected by a row set, in the set's order (store order). */
    static float[] select(ActivationStore store, float[] data, RowSet part, int rowsPerShard, int rowsPerBatch) {
        int dim = store.dim();
        float[] out = new float[Math.toIntExact(part.rows() * dim)];
        int at = 0;
        for (RowSet.Piece piece : part.pieces()) {
            long first = (long) piece.shard() * rowsPerShard + (long) piece.batch() * rowsPerBatch + piece.firstRow();
            System.arraycopy(data, (int) first * dim, out, at * dim, piece.count() * dim);
            at += piece.count();
        }
        return out;
    }
}
