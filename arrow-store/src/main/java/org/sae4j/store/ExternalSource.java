package org.sae4j.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;

/**
 * {@code data.source: arrow}: finds the files of an external source, and computes its manifest or reuses the
 * cached one when the files are unchanged.
 */
final class ExternalSource {

    /** Metadata key holding the absolute source path, so a cache is never reused for another source. */
    static final String SOURCE_KEY = "source";

    /** Rows copied per chunk while computing norms, to bound the scratch array for any batch size. */
    private static final int CHUNK_ROWS = 1024;

    /**
     * The files of a source with their hashes and the manifest that describes them.
     *
     * @param manifest the cached or freshly computed manifest
     * @param paths    the files in manifest order
     * @param hashes   their SHA-256, computed in this open
     */
    record Resolved(Manifest manifest, List<Path> paths, List<String> hashes) {}

    private ExternalSource() {}

    static Resolved resolve(Path source, Path cacheDir, BufferAllocator allocator) throws IOException {
        List<Path> files = files(source);
        List<String> hashes = new ArrayList<>();
        List<ShardInfo> current = new ArrayList<>();
        for (Path file : files) {
            String sha = AtomicFiles.sha256(file);
            hashes.add(sha);
            // Row counts are filled in by compute(); matching the cache compares names, sizes and hashes only.
            current.add(new ShardInfo(file.getFileName().toString(), 0, Files.size(file), sha));
        }
        String sourceId = source.toAbsolutePath().normalize().toString();
        Path cache = cacheDir.resolve(Manifest.FILE_NAME);
        Manifest cached = cached(cache, sourceId, current);
        if (cached != null) {
            return new Resolved(cached, files, hashes);
        }
        Manifest computed = compute(files, current, sourceId, allocator);
        computed.write(cache);
        return new Resolved(computed, files, hashes);
    }

    private static List<Path> files(Path source) throws IOException {
        if (Files.isRegularFile(source)) {
            return List.of(source);
        }
        if (!Files.isDirectory(source)) {
            throw new StoreException(source + ": no such file or directory (expected an Arrow IPC file or a "
                    + "directory of .arrow/.feather files)");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(source)) {
            files = listing.filter(Files::isRegularFile).filter(ExternalSource::isArrowName).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new StoreException(source + ": directory holds no .arrow or .feather files");
        }
        return files;
    }

    private static boolean isArrowName(Path path) {
        String name = path.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && (lower.endsWith(".arrow") || lower.endsWith(".feather"));
    }

    /** The cached manifest if it describes exactly these files of this source, else null. */
    private static Manifest cached(Path cache, String sourceId, List<ShardInfo> current) {
        if (!Files.isRegularFile(cache)) {
            return null;
        }
        Manifest manifest;
        try {
            manifest = Manifest.read(cache);
        } catch (StoreException e) {
            return null; // An unreadable cache is only a cache: recompute and replace it.
        }
        if (!sourceId.equals(manifest.metadata().get(SOURCE_KEY)) || manifest.shards().size() != current.size()) {
            return null;
        }
        for (int i = 0; i < current.size(); i++) {
            ShardInfo was = manifest.shards().get(i);
            ShardInfo now = current.get(i);
            if (!was.file().equals(now.file()) || was.bytes() != now.bytes() || !was.sha256().equals(now.sha256())) {
                return null;
            }
        }
        return manifest;
    }

    private static Manifest compute(List<Path> files, List<ShardInfo> current, String sourceId,
                                    BufferAllocator allocator) throws IOException {
        List<ShardFile.Structure> structures = new ArrayList<>();
        List<ActivationSchema.Columns> columns = new ArrayList<>();
        boolean tokens = true;
        int dim = -1;
        Path dimFile = null;
        for (Path file : files) {
            ShardFile.Structure structure = ShardFile.read(file, allocator);
            ActivationSchema.Columns found = ActivationSchema.inspect(file, structure.schema());
            structures.add(structure);
            columns.add(found);
            tokens &= found.tokenColumns();
            if (found.dim() > 0 && dim < 0) {
                dim = found.dim();
                dimFile = file;
            } else if (found.dim() > 0 && found.dim() != dim) {
                throw new StoreException(file + ": activation dimension is " + found.dim() + " but " + dimFile
                        + " has " + dim);
            }
        }
        if (dim < 0) {
            dim = listDim(files, allocator);
        }
        List<ShardLayout> layouts = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            ActivationSchema.Columns found = columns.get(i);
            layouts.add(new ShardLayout(files.get(i),
                    new ActivationSchema.Columns(found.kind(), dim, found.nullable(), tokens), dim,
                    structures.get(i).batchRows()));
        }
        RowNorms norms = norms(layouts, dim, allocator);
        if (norms.rows() == 0) {
            throw new StoreException(sourceId + ": the source files hold no rows");
        }
        List<ShardInfo> shards = new ArrayList<>();
        long largest = 1;
        for (int i = 0; i < files.size(); i++) {
            ShardInfo info = current.get(i);
            long rows = structures.get(i).rows();
            shards.add(new ShardInfo(info.file(), rows, info.bytes(), info.sha256()));
            largest = Math.max(largest, rows);
        }
        return new Manifest(Manifest.FORMAT_VERSION, dim, norms.rows(), largest, shards,
                Map.of(SOURCE_KEY, sourceId), norms.meanNorm(), norms.meanSquaredNorm(), tokens);
    }

    /** Reads every row once, checking nulls, list lengths and finiteness, and accumulates the norms. */
    private static RowNorms norms(List<ShardLayout> layouts, int dim, BufferAllocator allocator) throws IOException {
        RowNorms norms = new RowNorms();
        float[] scratch = new float[Math.multiplyExact(CHUNK_ROWS, dim)];
        try (BatchLoader loader = new BatchLoader(layouts, allocator)) {
            for (int s = 0; s < layouts.size(); s++) {
                int[] batchRows = layouts.get(s).batchRows();
                for (int b = 0; b < batchRows.length; b++) {
                    if (batchRows[b] == 0) {
                        continue;
                    }
                    LoadedBatch batch = loader.load(s, b);
                    for (int first = 0; first < batch.rows(); first += CHUNK_ROWS) {
                        int count = Math.min(CHUNK_ROWS, batch.rows() - first);
                        batch.copy(first, count, scratch, 0);
                        int bad = RowNorms.firstNonFinite(scratch, 0, count, dim);
                        if (bad >= 0) {
                            throw new StoreException(layouts.get(s).path() + ": record batch " + b + ", row "
                                    + (first + bad) + " holds a NaN or infinite activation value");
                        }
                        norms.add(scratch, 0, count, dim);
                    }
                }
            }
        }
        return norms;
    }

    /** n for sources whose activation column is a List: the length of the first row found. */
    private static int listDim(List<Path> files, BufferAllocator allocator) throws IOException {
        for (Path file : files) {
            try (ArrowFileReader reader = new ArrowFileReader(FileChannel.open(file, StandardOpenOption.READ),
                    allocator, ShardFile.CODECS)) {
                List<ArrowBlock> blocks = reader.getRecordBlocks();
                for (int b = 0; b < blocks.size(); b++) {
                    reader.loadRecordBatch(blocks.get(b));
                    if (reader.getVectorSchemaRoot().getRowCount() > 0) {
                        ListVector list = (ListVector) reader.getVectorSchemaRoot().getVector(ActivationSchema.ACTIVATION);
                        int length = list.getOffsetBuffer().getInt(Integer.BYTES) - list.getOffsetBuffer().getInt(0);
                        if (length < 1) {
                            throw new StoreException(file + ": record batch " + b + ", row 0: activation list is empty");
                        }
                        return length;
                    }
                }
            }
        }
        throw new StoreException(files.getFirst() + ": the source files hold no rows");
    }
}
