package org.sae4j.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;

/**
 * One shard being written: an Arrow IPC file under a temporary name ({@code .shard-00000.arrow.partial}),
 * hashed as it is written, forced to disk and renamed to its final name when finished.
 */
final class ShardSink {

    private final Path target;
    private final Path temp;
    private final HashingChannel channel;
    private final ArrowFileWriter writer;
    private boolean done;

    ShardSink(Path dir, String name, VectorSchemaRoot root) throws IOException {
        this.target = dir.resolve(name);
        this.temp = dir.resolve(partialName(name));
        FileChannel file = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        this.channel = new HashingChannel(file);
        try {
            this.writer = new ArrowFileWriter(root, null, channel);
            writer.start();
        } catch (IOException | RuntimeException e) {
            file.close();
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** The temporary name a shard has while being written; never accepted by a reader. */
    static String partialName(String name) {
        return "." + name + ".partial";
    }

    /** Appends the root's current content as one record batch. */
    void writeBatch() throws IOException {
        writer.writeBatch();
    }

    /**
     * Writes the footer, forces the file to disk and moves it to its final name.
     *
     * @param rows rows written, for the returned record
     * @return the shard's manifest entry
     */
    ShardInfo finish(long rows) throws IOException {
        writer.end();
        channel.file.force(true);
        writer.close();
        AtomicFiles.move(temp, target);
        done = true;
        return new ShardInfo(target.getFileName().toString(), rows, channel.bytes,
                HexFormat.of().formatHex(channel.digest.digest()));
    }

    /** Closes and deletes the unfinished file. */
    void abort() throws IOException {
        if (done) {
            return;
        }
        done = true;
        try {
            writer.close();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Passes writes through to the file while hashing and counting them, so no second read is needed. */
    private static final class HashingChannel implements WritableByteChannel {
        private final FileChannel file;
        private final MessageDigest digest = AtomicFiles.newSha256();
        private long bytes;

        HashingChannel(FileChannel file) {
            this.file = file;
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            ByteBuffer written = source.duplicate();
            int n = file.write(source);
            written.limit(written.position() + n);
            digest.update(written);
            bytes += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return file.isOpen();
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
