package org.sae4j.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Atomic file writes and file hashing, shared by the whole project.
 *
 * <p>Every write goes to a temporary file in the target's directory, is forced to disk, and is then moved
 * over the target with {@link StandardCopyOption#ATOMIC_MOVE} (falling back to a plain replacing move on file
 * systems that cannot move atomically). A reader therefore sees either the old content or the new content,
 * never a partly written file; a failed write deletes its temporary file and leaves the target untouched.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** A consumer that may throw {@link IOException}. */
    @FunctionalInterface
    public interface IoConsumer<T> {
        /**
         * Performs the operation.
         *
         * @param t the argument
         * @throws IOException if the operation fails
         */
        void accept(T t) throws IOException;
    }

    /**
     * Writes bytes to {@code target} atomically.
     *
     * @param target  the file to create or replace; its parent directory is created if missing
     * @param content the bytes to write (not modified)
     * @throws IOException if writing or moving fails; the target is then unchanged
     */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, temp -> Files.write(temp, content));
    }

    /**
     * Writes a string as UTF-8 to {@code target} atomically.
     *
     * @param target  the file to create or replace
     * @param content the text
     * @throws IOException if writing or moving fails; the target is then unchanged
     */
    public static void writeString(Path target, String content) throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Runs {@code writer} on a fresh temporary file next to {@code target}, forces it to disk and atomically
     * moves it into place. If the writer throws, the temporary file is deleted and the exception propagates.
     *
     * @param target the file to create or replace
     * @param writer writes the complete content to the path it is given (which exists and is empty)
     * @throws IOException if the writer, the sync or the move fails; the target is then unchanged
     */
    public static void write(Path target, IoConsumer<Path> writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path temp = createTemp(dir, absolute.getFileName().toString());
        boolean moved = false;
        try {
            writer.accept(temp);
            force(temp);
            move(temp, absolute);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * Creates an empty temporary file {@code .<name>.<random>.tmp} in {@code dir} with the default attributes,
     * so that the umask decides its mode as for any other file the user creates ({@link Files#createTempFile}
     * would make it 0600 whatever the umask, and the rename would publish that mode).
     */
    private static Path createTemp(Path dir, String name) throws IOException {
        while (true) {
            String unique = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
            Path temp = dir.resolve("." + name + "." + unique + ".tmp");
            try {
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                // Another writer drew the same name: draw again.
            }
        }
    }

    /**
     * Moves {@code source} onto {@code target} atomically where the file system allows it, otherwise with a
     * replacing move. Both should be in the same directory.
     *
     * @param source the complete file to publish
     * @param target its final name
     * @throws IOException if the move fails
     */
    static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Forces a file's content to the storage device, so that a rename never publishes unwritten data. */
    static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /**
     * Computes the SHA-256 of a file's content.
     *
     * @param file the file to hash
     * @return the digest as 64 lowercase hexadecimal characters
     * @throws IOException if the file cannot be read
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newSha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return hex(digest);
    }

    /**
     * Computes the SHA-256 of bytes.
     *
     * @param content the bytes to hash (not modified)
     * @return the digest as 64 lowercase hexadecimal characters
     */
    public static String sha256(byte[] content) {
        return hex(newSha256().digest(content));
    }

    /**
     * Computes the SHA-256 of a text's UTF-8 encoding, the form every sae4j fingerprint and hash takes.
     *
     * @param text the text to hash
     * @return the digest as 64 lowercase hexadecimal characters
     */
    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Finishes a digest made with {@link #newSha256()}.
     *
     * @param digest a digest that has been fed the content; it is reset
     * @return the digest as 64 lowercase hexadecimal characters
     */
    public static String hex(MessageDigest digest) {
        return hex(digest.digest());
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /**
     * A new SHA-256 digest, for content hashed while it streams past (finish it with {@link #hex(MessageDigest)});
     * every Java platform is required to provide one.
     *
     * @return a fresh digest
     */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform but missing", e);
        }
    }
}
