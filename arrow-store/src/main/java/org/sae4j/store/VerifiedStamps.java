package org.sae4j.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256s of data files already computed in this build, so that the goals one build forks (train, evaluate,
 * check, ...) hash a data set once instead of once each. A stamp records a file's SHA-256 with its size,
 * modification time, change time and file key (inode); it is used only by a process of the same build (the same
 * {@link #SESSION_PROPERTY}, which the engine sets from the Maven process that forked it) and only while all four
 * are unchanged. Writing a file changes its change time, which no user call can set back, so a file changed after
 * it was stamped is always hashed again and a stale stamp never passes. Without a session every call hashes.
 *
 * <p>The stamps live in {@code .verified.json} in the data set directory, replaced atomically; a stamp file that
 * cannot be read or written only costs a hash.
 */
final class VerifiedStamps {

    /** System property naming the build: stamps of another build are ignored. */
    static final String SESSION_PROPERTY = "sae4j.verifySession";

    /** The stamp file in a data set directory. */
    static final String FILE_NAME = ".verified.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final String session;
    private final Map<String, Stamp> stamps;
    private boolean changed;
    private int hashed;
    private int reused;

    /** What a file looked like when it was hashed. */
    private record Stamp(long bytes, String modified, String changedAt, String key, String sha256) {
        Stamp withSha256(String sha) {
            return new Stamp(bytes, modified, changedAt, key, sha);
        }
    }

    private VerifiedStamps(Path file, String session, Map<String, Stamp> stamps) {
        this.file = file;
        this.session = session;
        this.stamps = stamps;
    }

    /** The stamps of this build in {@code dir}; none when no session is set or the file is another build's. */
    static VerifiedStamps in(Path dir) {
        String session = System.getProperty(SESSION_PROPERTY);
        Path file = dir.resolve(FILE_NAME);
        Map<String, Stamp> stamps = new TreeMap<>();
        if (session != null && Files.isRegularFile(file)) {
            try {
                JsonNode root = MAPPER.readTree(file.toFile());
                if (session.equals(root.path("session").asText(null))) {
                    root.path("files").properties().forEach(entry -> stamps.put(entry.getKey(), new Stamp(
                            entry.getValue().path("bytes").asLong(-1), entry.getValue().path("modified").asText(),
                            entry.getValue().path("changed").asText(), entry.getValue().path("key").asText(),
                            entry.getValue().path("sha256").asText())));
                }
            } catch (IOException e) {
                stamps.clear(); // an unreadable stamp file only costs a hash
            }
        }
        return new VerifiedStamps(file, session, stamps);
    }

    /**
     * The file's SHA-256: from its stamp when this build hashed it and it has not changed since, else computed (and
     * stamped).
     */
    String sha256(Path path) throws IOException {
        String name = path.toAbsolutePath().normalize().toString();
        Stamp now = session == null ? null : stat(path);
        Stamp stamp = stamps.get(name);
        if (now != null && stamp != null && stamp.equals(now.withSha256(stamp.sha256()))) {
            reused++;
            return stamp.sha256();
        }
        String sha = AtomicFiles.sha256(path);
        hashed++;
        if (now != null) {
            // Stamped with the attributes read before hashing: a write during the hash makes the stamp stale.
            stamps.put(name, now.withSha256(sha));
            changed = true;
        }
        return sha;
    }

    /** Files hashed (not taken from a stamp) by this instance, for tests and logs. */
    int hashed() {
        return hashed;
    }

    /** Files whose SHA-256 came from this build's stamp. */
    int reused() {
        return reused;
    }

    /** Writes the stamps when any were added; a failure to write only means the next goal hashes again. */
    void save() {
        if (!changed) {
            return;
        }
        ObjectNode root = MAPPER.createObjectNode();
        root.put("session", session);
        ObjectNode files = root.putObject("files");
        stamps.forEach((name, stamp) -> files.putObject(name).put("bytes", stamp.bytes())
                .put("modified", stamp.modified()).put("changed", stamp.changedAt()).put("key", stamp.key())
                .put("sha256", stamp.sha256()));
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            changed = false;
        } catch (IOException e) {
            // Only a cache: the data was verified; the next goal hashes it again.
        }
    }

    private static Stamp stat(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        Object changedAt;
        try {
            changedAt = Files.getAttribute(path, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            changedAt = "none"; // no change time on this file system: size, mtime and key still decide
        }
        return new Stamp(attributes.size(), attributes.lastModifiedTime().toString(), String.valueOf(changedAt),
                String.valueOf(attributes.fileKey()), null);
    }
}
