package org.sae4j.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The shards an {@link ActivationWriter} has finished, kept in {@value #FILE_NAME} in the store directory and
 * replaced atomically after each shard, so that a writer killed mid-way can be resumed after its last finished
 * shard. Each entry carries the shard's SHA-256, taken while it was written, and the norm sums up to and including
 * it, so the resumed manifest has the same bits as an uninterrupted writer's. The file also records what was being
 * written (dimension, layout, metadata): progress of another production is never resumed.
 */
final class WriterProgress {

    /** The progress file's name inside a store directory while it is being written. */
    static final String FILE_NAME = ".progress.json";

    private static final int FORMAT_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * A finished shard and the writer's norm sums after it.
     *
     * @param shard          the shard's manifest entry
     * @param sumNorm        Σ‖x‖₂ over every row up to the end of this shard
     * @param sumSquaredNorm Σ‖x‖₂² over the same rows
     */
    record Done(ShardInfo shard, double sumNorm, double sumSquaredNorm) {}

    /**
     * What is being written; progress is resumed only by a writer of the same.
     *
     * @param dim      n
     * @param options  shard and batch layout
     * @param metadata the manifest metadata, which identifies the production (request, seed, ...)
     */
    record Production(int dim, WriterOptions options, Map<String, String> metadata) {}

    private WriterProgress() {}

    /** Replaces the progress file with {@code done}, atomically. */
    static void write(Path dir, Production production, List<Done> done) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("formatVersion", FORMAT_VERSION);
        root.put("dim", production.dim());
        root.put("rowsPerShard", production.options().rowsPerShard());
        root.put("rowsPerBatch", production.options().rowsPerBatch());
        root.put("tokenColumns", production.options().tokenColumns());
        ObjectNode metadata = root.putObject("metadata");
        new TreeMap<>(production.metadata()).forEach(metadata::put);
        ArrayNode shards = root.putArray("shards");
        for (Done d : done) {
            // Hexadecimal floating point keeps every bit of the sums.
            shards.addObject().put("file", d.shard().file()).put("rows", d.shard().rows())
                    .put("bytes", d.shard().bytes()).put("sha256", d.shard().sha256())
                    .put("sumNorm", Double.toHexString(d.sumNorm()))
                    .put("sumSquaredNorm", Double.toHexString(d.sumSquaredNorm()));
        }
        AtomicFiles.write(dir.resolve(FILE_NAME), MAPPER.writeValueAsBytes(root));
    }

    /**
     * The finished shards recorded in {@code dir}, in order.
     *
     * @return the entries, or an empty list when there is no progress file
     * @throws Mismatch when there is a progress file that this production cannot resume (another production's,
     *                  or unreadable); the message says why
     */
    static List<Done> read(Path dir, Production production) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new Mismatch("its progress file " + file + " is unreadable (" + e.getMessage() + ")");
        }
        if (root == null || root.path("formatVersion").asInt() != FORMAT_VERSION) {
            throw new Mismatch("its progress file " + file + " is of another format");
        }
        Map<String, String> metadata = new TreeMap<>();
        root.path("metadata").properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asText()));
        WriterOptions options = new WriterOptions(root.path("rowsPerShard").asLong(1),
                root.path("rowsPerBatch").asInt(1), root.path("tokenColumns").asBoolean());
        Production recorded = new Production(root.path("dim").asInt(), options, metadata);
        Production wanted = new Production(production.dim(), production.options(),
                new TreeMap<>(production.metadata()));
        if (!recorded.equals(wanted)) {
            throw new Mismatch("it was being written by another production (" + difference(recorded, wanted) + ")");
        }
        List<Done> done = new ArrayList<>();
        try {
            for (JsonNode shard : root.path("shards")) {
                done.add(new Done(new ShardInfo(shard.path("file").asText(), shard.path("rows").asLong(),
                        shard.path("bytes").asLong(), shard.path("sha256").asText()),
                        Double.parseDouble(shard.path("sumNorm").asText()),
                        Double.parseDouble(shard.path("sumSquaredNorm").asText())));
            }
        } catch (IllegalArgumentException e) {
            throw new Mismatch("its progress file " + file + " has an invalid entry (" + e.getMessage() + ")");
        }
        return done;
    }

    /** Deletes the progress file, once the manifest makes it unnecessary. */
    static void delete(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(FILE_NAME));
    }

    private static String difference(Production recorded, Production wanted) {
        if (recorded.dim() != wanted.dim()) {
            return "dim " + recorded.dim() + ", now " + wanted.dim();
        }
        if (!recorded.options().equals(wanted.options())) {
            return recorded.options() + ", now " + wanted.options();
        }
        TreeMap<String, String> keys = new TreeMap<>(recorded.metadata());
        keys.putAll(wanted.metadata());
        List<String> differing = keys.keySet().stream()
                .filter(key -> !Objects.equals(recorded.metadata().get(key), wanted.metadata().get(key))).toList();
        return "metadata " + differing + " differ";
    }

    /** A progress file that cannot be resumed by this production; the message says why. */
    static final class Mismatch extends IOException {
        Mismatch(String message) {
            super(message);
        }
    }
}
