package org.sae4j.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;

/**
 * {@code data.source: arrow}: finds the files of an external source, verifies them against a sae4j
 * {@code manifest.json} lying beside them when there is one, and otherwise computes their manifest or reuses the
 * cached one. A cached source whose files changed is an error, never silently cached again.
 */
final class ExternalSource {

    /** Metadata key holding the absolute source path, so a cache is never reused for another source. */
    static final String SOURCE_KEY = "source";

    /** Rows copied per chunk while computing norms, to bound the scratch array for any batch size. */
    private static final int CHUNK_ROWS = 1024;

    /** Hex digits of a SHA-256 shown when a file changed: enough to tell two versions apart at a glance. */
    private static final int SHA_PREFIX = 12;

    /** Changed files named in one message; the rest are counted. */
    private static final int NAMED_CHANGES = 5;

    /** The files that mark a Hugging Face {@code datasets} directory ({@code save_to_disk}). */
    private static final String HF_INFO = "dataset_info.json";
    private static final String HF_STATE = "state.json";
    /** Prefix of the cache files {@code datasets} leaves beside the data. */
    private static final String HF_CACHE = "cache-";
    /** A data file of a Hugging Face dataset: {@code data-00000-of-00003.arrow}, {@code wiki-train-00001-of-00002.arrow}. */
    private static final Pattern HF_SHARD = Pattern.compile(".*-\\d{5}-of-\\d{5}\\.arrow");

    /**
     * The files of a source with their hashes and the manifest that describes them.
     *
     * @param manifest the manifest beside the files, the cached one or a freshly computed one
     * @param paths    the files in manifest order
     * @param hashes   their SHA-256, computed in this open, or null when the store verification is to compute them
     * @param filesDir where the manifest's other files are (the source directory)
     * @param cache    where to cache the manifest once the files verify, or null when it is cached already
     */
    record Resolved(Manifest manifest, List<Path> paths, List<String> hashes, Path filesDir, Path cache,
                    boolean external) {

        /** Caches the manifest, after the store verified, so the data set directory always holds its manifest. */
        void cacheVerified() throws IOException {
            if (cache != null) {
                manifest.write(cache);
            }
        }
    }

    private ExternalSource() {}

    static Resolved resolve(Path source, Path cacheDir, SourceOptions options, VerifiedStamps stamps,
                            BufferAllocator allocator, Consumer<String> log) throws IOException {
        List<Path> files = files(source);
        boolean directory = Files.isDirectory(source);
        Path home = directory ? source : source.toAbsolutePath().getParent();
        String sourceId = source.toAbsolutePath().normalize().toString();
        Path cache = cacheDir.resolve(Manifest.FILE_NAME);
        Manifest beside = besideManifest(home);
        if (beside != null && directory && options.isDefault()) {
            return besideStore(beside, home, files, cachedBeside(cache, cacheDir, sourceId, beside));
        }
        List<String> hashes = new ArrayList<>();
        List<ShardInfo> current = new ArrayList<>();
        for (Path file : files) {
            String sha = stamps.sha256(file);
            hashes.add(sha);
            // Row counts are filled in by compute(); matching the cache compares names, sizes and hashes only.
            current.add(new ShardInfo(file.getFileName().toString(), 0, Files.size(file), sha));
        }
        if (beside != null && !directory) {
            checkListed(beside, home, current.getFirst());
        }
        Manifest cached = cached(cache, cacheDir, sourceId, current, options);
        if (cached != null && SourceImport.isImport(cached)) {
            return decoded(cached, cacheDir);
        }
        if (cached != null) {
            return new Resolved(cached, files, hashes, home, null, true);
        }
        if (options.isDefault() && readableInPlace(files, allocator)) {
            Manifest computed = compute(files, current, sourceId, allocator);
            computed.write(cache);
            return new Resolved(computed, files, hashes, home, null, true);
        }
        return decoded(SourceImport.run(files, current, sourceId, cacheDir, options, allocator, log), cacheDir);
    }

    /** A source decoded into a sae4j store in {@code dir}: verified like any store sae4j wrote. */
    private static Resolved decoded(Manifest manifest, Path dir) {
        List<Path> paths = manifest.shards().stream().map(shard -> dir.resolve(shard.file())).toList();
        return new Resolved(manifest, paths, null, dir, null, false);
    }

    /**
     * Whether the files are read where they are: Arrow IPC files (not streams) whose {@code activation} column is
     * {@code FixedSizeList<float32>} or {@code List<float32>}, sae4j's own layout. Anything else is decoded once.
     */
    private static boolean readableInPlace(List<Path> files, BufferAllocator allocator) throws IOException {
        for (Path file : files) {
            if (IpcFormat.of(file) != IpcFormat.FILE) {
                return false;
            }
            try {
                ActivationSchema.inspect(file, ShardFile.read(file, allocator).schema());
            } catch (StoreException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * The Arrow files of a source: the file itself, or the {@code .arrow}/{@code .feather} files of a directory in
     * name order. A Hugging Face dataset directory (one with {@code dataset_info.json} or {@code state.json}) holds
     * its data in {@code *-NNNNN-of-NNNNN.arrow} files beside leftover {@code cache-*.arrow} files of earlier
     * {@code map}/{@code filter} calls: those are not part of the data set and are left out.
     */
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
        if (Files.isRegularFile(source.resolve(HF_INFO)) || Files.isRegularFile(source.resolve(HF_STATE))) {
            List<Path> data = files.stream().filter(f -> !f.getFileName().toString().startsWith(HF_CACHE)).toList();
            List<Path> sharded = data.stream().filter(f -> HF_SHARD.matcher(f.getFileName().toString()).matches())
                    .toList();
            files = sharded.isEmpty() ? data : sharded;
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

    /**
     * The sae4j manifest in {@code dir}, or null when there is none. A {@code manifest.json} of another tool (a
     * JSON document without sae4j's {@code formatVersion} and {@code shards}) is not ours and is ignored; one of
     * ours that does not read is an error.
     */
    private static Manifest besideManifest(Path dir) throws StoreException {
        Path file = dir.resolve(Manifest.FILE_NAME);
        return Files.isRegularFile(file) && ManifestJson.isOurs(file) ? Manifest.read(file) : null;
    }

    /**
     * A directory that is a sae4j data set: its own manifest is the store's, once every file of the directory is
     * one it lists (the shards' sizes and hashes are checked when the store is verified, so hashes stay null).
     */
    private static Resolved besideStore(Manifest beside, Path home, List<Path> files, Path cache)
            throws StoreException {
        Set<String> listed = new HashSet<>();
        beside.shards().forEach(shard -> listed.add(shard.file()));
        for (Path file : files) {
            if (!listed.contains(file.getFileName().toString())) {
                throw new StoreException(file + ": not listed in " + home.resolve(Manifest.FILE_NAME) + ", the sae4j "
                        + "manifest beside it; every Arrow file of a sae4j data set must be listed there: remove the "
                        + "file, or move the data set's files into a directory of their own");
            }
        }
        List<Path> paths = beside.shards().stream().map(shard -> home.resolve(shard.file())).toList();
        return new Resolved(beside, paths, null, home, cache, true);
    }

    /**
     * Where to cache the manifest beside a sae4j data set's files: the cache file when none is there yet, null when
     * the cached one has the same fingerprint.
     *
     * @throws StoreException when the cache is unreadable, or the data set's fingerprint changed since it was cached
     */
    private static Path cachedBeside(Path cache, Path cacheDir, String sourceId, Manifest beside)
            throws StoreException {
        if (!Files.isRegularFile(cache)) {
            return cache;
        }
        Manifest cached = readCache(cache, cacheDir, sourceId);
        if (!cached.fingerprint().equals(beside.fingerprint())) {
            throw changed(sourceId, cache, cacheDir, cached, List.of("its manifest now gives the data fingerprint "
                    + beside.fingerprint().substring(0, 16) + "… (another data set was put there)"));
        }
        return null;
    }

    /** A single file of a sae4j data set must be one its manifest lists, with the listed size and SHA-256. */
    private static void checkListed(Manifest beside, Path home, ShardInfo file) throws IOException {
        Path manifest = home.resolve(Manifest.FILE_NAME);
        ShardInfo listed = beside.shards().stream().filter(shard -> shard.file().equals(file.file())).findFirst()
                .orElseThrow(() -> new StoreException(home.resolve(file.file()) + ": not listed in " + manifest
                        + ", the sae4j manifest beside it: move the file elsewhere, or use the data set's directory "
                        + "as the source"));
        StoreVerifier.checkBytes(home.resolve(file.file()), "shard", listed.bytes(), file.sha256(), listed.sha256());
    }

    /**
     * The cached manifest if it describes exactly these files of this source; null when there is none yet or it
     * belongs to another source.
     *
     * @throws StoreException when the cache cannot be read, or the source's files changed since it was cached
     */
    private static Manifest cached(Path cache, Path cacheDir, String sourceId, List<ShardInfo> current,
                                   SourceOptions options) throws StoreException {
        if (!Files.isRegularFile(cache)) {
            return null;
        }
        Manifest manifest = readCache(cache, cacheDir, sourceId);
        if (!sourceId.equals(manifest.metadata().get(SOURCE_KEY))) {
            return null;
        }
        boolean decoded = SourceImport.isImport(manifest);
        List<String> changes = changes(decoded ? SourceImport.recordedFiles(manifest) : manifest.shards(), current);
        if (!changes.isEmpty()) {
            throw changed(sourceId, cache, cacheDir, manifest, changes);
        }
        // The same files read with other options (data.column, ...) are decoded again.
        boolean sameOptions = decoded ? SourceImport.sameOptions(manifest, sourceId, current, options)
                : options.isDefault();
        return sameOptions ? manifest : null;
    }

    private static Manifest readCache(Path cache, Path cacheDir, String sourceId) throws StoreException {
        try {
            return Manifest.read(cache);
        } catch (StoreException e) {
            throw new StoreException("the cached manifest of arrow source " + sourceId + " is unreadable ("
                    + e.getMessage() + "): delete " + cacheDir + " to compute it again", e);
        }
    }

    private static StoreException changed(String sourceId, Path cache, Path cacheDir, Manifest cached,
                                          List<String> changes) {
        String named = String.join("; ", changes.subList(0, Math.min(NAMED_CHANGES, changes.size())));
        String more = changes.size() > NAMED_CHANGES ? "; and " + (changes.size() - NAMED_CHANGES) + " more" : "";
        return new StoreException("arrow source " + sourceId + " changed since its manifest was cached in " + cache
                + ": " + named + more + ". Its data fingerprint was " + cached.fingerprint().substring(0, 16)
                + "…; results made from it no longer describe these files. Restore the files, or, to accept the "
                + "change, delete " + cacheDir + " (the next run hashes the files again and records a new "
                + "fingerprint)");
    }

    /** What differs between the cached files and the current ones, one phrase per file. */
    private static List<String> changes(List<ShardInfo> was, List<ShardInfo> now) {
        Map<String, ShardInfo> before = new LinkedHashMap<>();
        was.forEach(shard -> before.put(shard.file(), shard));
        List<String> changes = new ArrayList<>();
        for (ShardInfo file : now) {
            ShardInfo old = before.remove(file.file());
            if (old == null) {
                changes.add(file.file() + " was added");
            } else if (!old.sha256().equals(file.sha256()) || old.bytes() != file.bytes()) {
                changes.add(file.file() + " changed: SHA-256 " + old.sha256().substring(0, SHA_PREFIX) + "… then, "
                        + file.sha256().substring(0, SHA_PREFIX) + "… now (" + old.bytes() + " then, " + file.bytes()
                        + " bytes now)");
            }
        }
        before.keySet().forEach(name -> changes.add(name + " was removed"));
        return changes;
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
        Map<String, String> metadata = new TreeMap<>();
        commonProvenance(structures).forEach((key, value) -> metadata.put(Manifest.SHARD_PROVENANCE + key, value));
        metadata.put(SOURCE_KEY, sourceId);
        return new Manifest(Manifest.FORMAT_VERSION, dim, norms.rows(), largest, shards, metadata, norms.meanNorm(),
                norms.meanSquaredNorm(), tokens);
    }

    /**
     * The provenance that every file carries alike in its sae4j schema metadata (model, hook, corpus, ...): what a
     * shard copied out of its store still says about itself. Empty for files of other tools.
     */
    private static Map<String, String> commonProvenance(List<ShardFile.Structure> structures) {
        Map<String, String> common = null;
        for (ShardFile.Structure structure : structures) {
            Map<String, String> provenance = ShardMetadata.provenance(structure.schema().getCustomMetadata());
            if (common == null) {
                common = new TreeMap<>(provenance);
            } else {
                common.entrySet().removeIf(entry -> !entry.getValue().equals(provenance.get(entry.getKey())));
            }
        }
        return common == null ? Map.of() : common;
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
