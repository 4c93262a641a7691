package org.sae4j.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Decodes external Arrow data that cannot be read in place (the stream format, another column, other value types,
 * per-sequence rows) once into a sae4j store in the data set directory, recording the source files' names, sizes
 * and SHA-256 in its manifest, so that a changed source is detected on every later open. The store's fingerprint is
 * that of the decoded shards: the same source bytes and options give the same bits.
 */
final class SourceImport {

    /** Manifest metadata: the source files, one {@code "<sha256> <bytes> <name>"} line each, in reading order. */
    static final String FILES_KEY = "import.files";
    /** Rows decoded per write, to bound the scratch arrays. */
    private static final int CHUNK_ROWS = 4096;
    /** Nanoseconds between progress lines. */
    private static final long REPORT_NANOS = 5_000_000_000L;

    private SourceImport() {}

    /** Whether a manifest is one this class wrote. */
    static boolean isImport(Manifest manifest) {
        return manifest.metadata().containsKey(FILES_KEY);
    }

    /** The source files an import manifest records (rows unknown, 0). */
    static List<ShardInfo> recordedFiles(Manifest manifest) {
        List<ShardInfo> files = new ArrayList<>();
        for (String line : manifest.metadata().get(FILES_KEY).split("\n")) {
            String[] parts = line.split(" ", 3);
            files.add(new ShardInfo(parts[2], 0, Long.parseLong(parts[1]), parts[0]));
        }
        return files;
    }

    /** The metadata that identifies an import of these files with these options. */
    static Map<String, String> metadata(String sourceId, List<ShardInfo> files, SourceOptions options) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(ExternalSource.SOURCE_KEY, sourceId);
        List<String> lines = files.stream().map(f -> f.sha256() + " " + f.bytes() + " " + f.file()).toList();
        metadata.put(FILES_KEY, String.join("\n", lines));
        metadata.put("import.column", options.column());
        metadata.put("import.tokenColumn", String.valueOf(options.tokenColumn()));
        metadata.put("import.skipPositions", options.skipPositions().toString());
        metadata.put("import.skipTokenIds", options.skipTokenIds().toString());
        metadata.put("import.dtype", options.bfloat16() ? "bfloat16" : "auto");
        return metadata;
    }

    /** Whether an import manifest was made with these options (its files are compared separately). */
    static boolean sameOptions(Manifest manifest, String sourceId, List<ShardInfo> files, SourceOptions options) {
        Map<String, String> wanted = metadata(sourceId, files, options);
        wanted.remove(FILES_KEY);
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(manifest.metadata().get(e.getKey())));
    }

    /**
     * Decodes the files into a store in {@code dir} (replacing what is there) and returns its manifest.
     *
     * @param files   the source files in reading order
     * @param current their names, sizes and SHA-256, recorded in the manifest
     * @throws StoreException naming file, row and column when the data cannot be read as activations
     */
    static Manifest run(List<Path> files, List<ShardInfo> current, String sourceId, Path dir, SourceOptions options,
                        BufferAllocator allocator, Consumer<String> log) throws IOException {
        long start = System.nanoTime();
        Map<String, String> metadata = metadata(sourceId, current, options);
        // The shards carry the provenance but not where the source lay, so that moving it keeps the fingerprint.
        Map<String, String> portable = new LinkedHashMap<>(metadata);
        portable.remove(ExternalSource.SOURCE_KEY);
        Decoding decoding = new Decoding(dir, portable, log);
        try {
            int dim = -1;
            long sequenceBase = 0;
            for (Path file : files) {
                IpcFormat format = IpcFormat.of(file);
                try (ArrowReader reader = open(format, file, allocator)) {
                    VectorSchemaRoot root = root(reader, file, format);
                    ActivationColumn column = ActivationColumn.of(file, root.getSchema(), options, dim);
                    if (decoding.started() && column.tokens() != decoding.tokens) {
                        throw new StoreException(file + ": " + (column.tokens() ? "has" : "lacks") + " token ids ("
                                + (column.tokens() ? column.tokenColumn() : options.tokenColumn()) + ") unlike "
                                + files.getFirst() + "; every file of a source must have the same columns");
                    }
                    decoding.tokens = column.tokens();
                    log.accept(String.format("data: decoding %s (%s, %s of column '%s'%s)", file, format.label(),
                            column.layout() == ActivationColumn.Layout.ROWS ? "one vector per row"
                                    : "one sequence of vectors per row", options.column(),
                            column.tokens() ? ", token ids from '" + column.tokenColumn() + "'" : ""));
                    long rowBase = 0;
                    for (int batch = 0; next(reader, file, batch); batch++) {
                        column.decode(root, batch, rowBase, sequenceBase + rowBase, decoding);
                        rowBase += root.getRowCount();
                    }
                    sequenceBase += rowBase;
                    dim = column.dim();
                }
            }
            if (!decoding.started()) {
                throw new StoreException(sourceId + ": the source files hold no activation rows"
                        + (options.skipPositions().isEmpty() && options.skipTokenIds().isEmpty() ? ""
                        : " once the skipped positions and token ids are left out"));
            }
            Manifest manifest = decoding.finish().withMetadata(metadata);
            manifest.write(dir.resolve(Manifest.FILE_NAME));
            log.accept(String.format("data: decoded %,d token rows of dim %d from %,d rows of %d file(s) into %s in "
                    + "%.1f s", manifest.rows(), manifest.dim(), sequenceBase, files.size(), dir,
                    (System.nanoTime() - start) / 1e9));
            return manifest;
        } finally {
            decoding.close();
        }
    }

    private static ArrowReader open(IpcFormat format, Path file, BufferAllocator allocator) throws IOException {
        try {
            return format.open(file, allocator);
        } catch (IOException | RuntimeException e) {
            throw new StoreException(file + ": cannot open as " + format.label() + ": " + e.getMessage(), e);
        }
    }

    private static VectorSchemaRoot root(ArrowReader reader, Path file, IpcFormat format) throws StoreException {
        try {
            return reader.getVectorSchemaRoot();
        } catch (IOException | RuntimeException e) {
            throw new StoreException(file + ": not an Arrow IPC file or stream (no readable schema"
                    + (format == IpcFormat.STREAM ? " at its start; a file in the file format begins with ARROW1" : "")
                    + "): " + e.getMessage(), e);
        }
    }

    private static boolean next(ArrowReader reader, Path file, int batch) throws StoreException {
        try {
            return reader.loadNextBatch();
        } catch (IOException | RuntimeException e) {
            throw new StoreException(file + ": cannot read record batch " + batch + " (truncated or corrupt?): "
                    + e.getMessage(), e);
        }
    }

    /** Collects token rows into chunks and writes them; the writer is made once the first vector fixes n. */
    private static final class Decoding implements ActivationColumn.TokenSink {
        private final Path dir;
        private final Map<String, String> metadata;
        private final Consumer<String> log;
        private boolean tokens;
        private ActivationWriter writer;
        private float[] rows;
        private int[] tokenIds;
        private long[] sequences;
        private int[] positions;
        private int count;
        private int dim;
        private long written;
        private long lastReport = System.nanoTime();

        Decoding(Path dir, Map<String, String> metadata, Consumer<String> log) {
            this.dir = dir;
            this.metadata = metadata;
            this.log = log;
        }

        boolean started() {
            return writer != null;
        }

        @Override
        public void accept(float[] vector, int tokenId, long sequence, int position) throws IOException {
            if (writer == null) {
                dim = vector.length;
                writer = ActivationWriter.create(dir, dim, WriterOptions.defaults().withTokenColumns(tokens),
                        metadata);
                rows = new float[Math.multiplyExact(CHUNK_ROWS, dim)];
                tokenIds = new int[CHUNK_ROWS];
                sequences = new long[CHUNK_ROWS];
                positions = new int[CHUNK_ROWS];
            }
            System.arraycopy(vector, 0, rows, count * dim, dim);
            tokenIds[count] = tokenId;
            sequences[count] = sequence;
            positions[count] = position;
            if (++count == CHUNK_ROWS) {
                flush();
            }
        }

        private void flush() throws IOException {
            if (tokens) {
                writer.write(rows, count, tokenIds, sequences, positions);
            } else {
                writer.write(rows, count);
            }
            written += count;
            count = 0;
            long now = System.nanoTime();
            if (now - lastReport > REPORT_NANOS) {
                lastReport = now;
                log.accept(String.format("data: decoded %,d token rows", written));
            }
        }

        Manifest finish() throws IOException {
            flush();
            return writer.finish();
        }

        void close() {
            if (writer != null) {
                writer.close();
            }
        }
    }
}
