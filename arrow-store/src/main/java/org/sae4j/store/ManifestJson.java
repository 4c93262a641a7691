package org.sae4j.store;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Maps {@link Manifest} to and from JSON, checking every field so that errors name the file and the key. */
final class ManifestJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static final Set<String> TOP_LEVEL_KEYS = Set.of("formatVersion", "dim", "rows", "rowsPerShard",
            "tokenColumns", "meanNorm", "meanSquaredNorm", "metadata", "shards", "files", "fingerprint");

    private ManifestJson() {}

    static byte[] toBytes(Manifest manifest) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("formatVersion", manifest.formatVersion());
        root.put("dim", manifest.dim());
        root.put("rows", manifest.rows());
        root.put("rowsPerShard", manifest.rowsPerShard());
        root.put("tokenColumns", manifest.tokenColumns());
        root.put("meanNorm", manifest.meanNorm());
        root.put("meanSquaredNorm", manifest.meanSquaredNorm());
        root.put("fingerprint", manifest.fingerprint());
        ObjectNode metadata = root.putObject("metadata");
        manifest.metadata().forEach(metadata::put);
        ArrayNode shards = root.putArray("shards");
        for (ShardInfo shard : manifest.shards()) {
            shards.addObject().put("file", shard.file()).put("rows", shard.rows()).put("bytes", shard.bytes())
                    .put("sha256", shard.sha256());
        }
        // Written only when there are any, so stores of shards alone keep the manifest older readers accept.
        if (!manifest.files().isEmpty()) {
            ArrayNode files = root.putArray("files");
            for (FileInfo file : manifest.files()) {
                files.addObject().put("file", file.file()).put("bytes", file.bytes()).put("sha256", file.sha256());
            }
        }
        return MAPPER.writeValueAsBytes(root);
    }

    /**
     * Whether a file is meant as a sae4j manifest: a JSON object with {@code formatVersion} and {@code shards}.
     * Files of other tools, and files that are not JSON at all, are not.
     */
    static boolean isOurs(Path file) {
        try {
            JsonNode root = MAPPER.readTree(Files.readAllBytes(file));
            return root != null && root.isObject() && root.has("formatVersion") && root.has("shards");
        } catch (IOException e) {
            return false;
        }
    }

    static Manifest read(Path file) throws StoreException {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new StoreException("no manifest at " + file
                    + ": not an activation store, or its writer did not finish", e);
        } catch (JacksonException e) {
            throw new StoreException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new StoreException(file + ": cannot read manifest: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new StoreException(file + ": expected a JSON object at the top level");
        }
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            String name = entry.getKey();
            if (!TOP_LEVEL_KEYS.contains(name)) {
                throw new StoreException(file + ": unknown key '" + name + "', expected one of "
                        + TOP_LEVEL_KEYS.stream().sorted().toList());
            }
        }
        int version = (int) integer(file, root, "formatVersion", 1, Integer.MAX_VALUE);
        if (version != Manifest.FORMAT_VERSION) {
            throw new StoreException(file + ": formatVersion is " + version + ", this reader supports "
                    + Manifest.FORMAT_VERSION);
        }
        List<ShardInfo> shards = shards(file, field(file, root, "shards"));
        Manifest manifest;
        try {
            manifest = new Manifest(version, (int) integer(file, root, "dim", 1, Integer.MAX_VALUE),
                    integer(file, root, "rows", 0, Long.MAX_VALUE),
                    integer(file, root, "rowsPerShard", 1, Long.MAX_VALUE), shards, metadata(file, root),
                    number(file, root, "meanNorm"), number(file, root, "meanSquaredNorm"),
                    bool(file, root, "tokenColumns"), files(file, root.get("files")));
        } catch (IllegalArgumentException e) {
            throw new StoreException(file + ": " + e.getMessage(), e);
        }
        JsonNode fingerprint = root.get("fingerprint");
        if (fingerprint != null && !fingerprint.asText().equals(manifest.fingerprint())) {
            throw new StoreException(file + ": fingerprint is " + fingerprint.asText()
                    + " but the shards' hashes give " + manifest.fingerprint());
        }
        return manifest;
    }

    private static List<ShardInfo> shards(Path file, JsonNode node) throws StoreException {
        return objects(file, node, "shards", (entry, where) -> new ShardInfo(text(file, entry, where + ".file"),
                integer(file, entry, where + ".rows", 0, Long.MAX_VALUE),
                integer(file, entry, where + ".bytes", 0, Long.MAX_VALUE), text(file, entry, where + ".sha256")));
    }

    /** The optional {@code files} section: absent means none. */
    private static List<FileInfo> files(Path file, JsonNode node) throws StoreException {
        return node == null ? List.of() : objects(file, node, "files", (entry, where) -> new FileInfo(
                text(file, entry, where + ".file"), integer(file, entry, where + ".bytes", 0, Long.MAX_VALUE),
                text(file, entry, where + ".sha256")));
    }

    /** Reads one entry of an array of objects; {@code where} is its key path, e.g. {@code shards[3]}. */
    @FunctionalInterface
    private interface Entry<T> {
        T read(JsonNode entry, String where) throws StoreException;
    }

    /** An array of objects, each read by {@code entry}; errors name the file and the element's key path. */
    private static <T> List<T> objects(Path file, JsonNode node, String key, Entry<T> entry) throws StoreException {
        if (!node.isArray()) {
            throw new StoreException(file + ": '" + key + "' must be an array, found " + node.getNodeType());
        }
        List<T> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            String where = key + "[" + i + "]";
            if (!element.isObject()) {
                throw new StoreException(file + ": '" + where + "' must be an object, found " + element.getNodeType());
            }
            try {
                values.add(entry.read(element, where));
            } catch (IllegalArgumentException e) {
                throw new StoreException(file + ": '" + where + "': " + e.getMessage(), e);
            }
        }
        return values;
    }

    private static Map<String, String> metadata(Path file, JsonNode root) throws StoreException {
        JsonNode node = field(file, root, "metadata");
        if (!node.isObject()) {
            throw new StoreException(file + ": 'metadata' must be an object, found " + node.getNodeType());
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isTextual()) {
                throw new StoreException(file + ": 'metadata." + entry.getKey() + "' must be a string, found "
                        + entry.getValue().getNodeType());
            }
            metadata.put(entry.getKey(), entry.getValue().textValue());
        }
        return metadata;
    }

    private static JsonNode field(Path file, JsonNode parent, String path) throws StoreException {
        String key = path.substring(path.lastIndexOf('.') + 1);
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            throw new StoreException(file + ": missing required field '" + path + "'");
        }
        return node;
    }

    private static long integer(Path file, JsonNode parent, String path, long min, long max) throws StoreException {
        JsonNode node = field(file, parent, path);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new StoreException(file + ": '" + path + "' must be an integer, found " + node);
        }
        long value = node.longValue();
        if (value < min || value > max) {
            throw new StoreException(file + ": '" + path + "' must be in [" + min + ", " + max + "], found " + value);
        }
        return value;
    }

    private static double number(Path file, JsonNode parent, String path) throws StoreException {
        JsonNode node = field(file, parent, path);
        if (!node.isNumber()) {
            throw new StoreException(file + ": '" + path + "' must be a number, found " + node);
        }
        return node.doubleValue();
    }

    private static boolean bool(Path file, JsonNode parent, String path) throws StoreException {
        JsonNode node = field(file, parent, path);
        if (!node.isBoolean()) {
            throw new StoreException(file + ": '" + path + "' must be true or false, found " + node);
        }
        return node.booleanValue();
    }

    private static String text(Path file, JsonNode parent, String path) throws StoreException {
        JsonNode node = field(file, parent, path);
        if (!node.isTextual()) {
            throw new StoreException(file + ": '" + path + "' must be a string, found " + node);
        }
        return node.textValue();
    }
}
