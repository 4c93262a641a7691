package org.sae4j.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;

/**
 * One shard being written: an Arrow IPC file under a temporary name ({@code .shard-00000.arrow.partial}),
 * hashed as it is written, forced to disk and renamed to its final name when finished. The file is created with
 * the default attributes, so the umask decides its mode.
 */
final class ShardSink {

    /** Bytes of IPC framing per record batch, above its buffers: message metadata, padding, footer block. */
    private static final long BATCH_OVERHEAD = 1024;
    /** Bytes of a shard beyond its batches: magic, schema message and footer, with room to spare. */
    private static final long FILE_OVERHEAD = 64 * 1024;

    private final Path target;
    private final Path temp;
    private final HashingChannel channel;
    private final ArrowFileWriter writer;
    private boolean done;

    /**
     * Starts a shard.
     *
     * @param channels wraps the file channel every byte is written through (the identity, except in tests that
     *                 simulate a failing disk)
     * @param footer   the footer's custom metadata; Arrow's writer reads this map when it writes the footer, so the
     *                 caller fills it with what is known only at the end (rows, norms) before {@link #finish}
     */
    ShardSink(Path dir, String name, VectorSchemaRoot root, UnaryOperator<WritableByteChannel> channels,
              Map<String, String> footer) throws IOException {
        this.target = dir.resolve(name);
        this.temp = dir.resolve(partialName(name));
        FileChannel file = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        this.channel = new HashingChannel(file, channels.apply(file));
        try {
            this.writer = new ArrowFileWriter(root, null, channel, footer);
            writer.start();
        } catch (IOException | RuntimeException e) {
            file.close();
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * An upper estimate of a shard's size on disk, for the free-space check before it is written.
     *
     * @param rows         rows the shard will hold
     * @param dim          n
     * @param tokenColumns whether rows carry token columns
     * @param rowsPerBatch rows per record batch
     * @return bytes: the float32 values ({@code rows × dim × 4}), token columns, validity bitmaps and framing
     */
    static long estimatedBytes(long rows, int dim, boolean tokenColumns, int rowsPerBatch) {
        long batches = Math.max(1, (rows + rowsPerBatch - 1) / rowsPerBatch);
        long values = rows * dim;
        long perRow = tokenColumns ? Integer.BYTES + Long.BYTES + Integer.BYTES : 0;
        long validity = (values + 7) / 8 + (rows + 7) / 8 * (tokenColumns ? 4 : 1);
        return values * Float.BYTES + rows * perRow + validity + batches * BATCH_OVERHEAD + FILE_OVERHEAD;
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
        return new ShardInfo(target.getFileName().toString(), rows, channel.bytes, AtomicFiles.hex(channel.digest));
    }

    /**
     * Closes and deletes the unfinished file. The file is closed directly, not through the Arrow writer, whose
     * close would first try to write a footer (onto a disk that may just have filled up).
     */
    void abort() throws IOException {
        if (done) {
            return;
        }
        done = true;
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Passes writes through to the file while hashing and counting them, so no second read is needed. */
    private static final class HashingChannel implements WritableByteChannel {
        private final FileChannel file;
        private final WritableByteChannel out;
        private final MessageDigest digest = AtomicFiles.newSha256();
        private long bytes;

        HashingChannel(FileChannel file, WritableByteChannel out) {
            this.file = file;
            this.out = out;
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            ByteBuffer written = source.duplicate();
            int n = out.write(source);
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
