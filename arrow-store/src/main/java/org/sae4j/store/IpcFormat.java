package org.sae4j.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

/**
 * The two Arrow IPC formats, told apart by a file's first bytes: the file format (and Feather v2) begins with the
 * magic {@code ARROW1}; the stream format (what Hugging Face {@code datasets} writes) begins with a message.
 */
enum IpcFormat {
    /** Magic, messages, footer: random access. */
    FILE,
    /** Messages only: read from the start. */
    STREAM;

    private static final byte[] MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);

    /** The format of a file, from its first bytes. */
    static IpcFormat of(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(MAGIC.length);
            while (head.hasRemaining() && channel.read(head) >= 0) {
                // read until full or end of file
            }
            return head.flip().equals(ByteBuffer.wrap(MAGIC)) ? FILE : STREAM;
        }
    }

    /** A reader of the file's record batches in order; the caller closes it (which closes the file). */
    ArrowReader open(Path file, BufferAllocator allocator) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        return this == FILE ? new ArrowFileReader(channel, allocator, ShardFile.CODECS)
                : new ArrowStreamReader(channel, allocator, ShardFile.CODECS);
    }

    /** The name users know it by. */
    String label() {
        return this == FILE ? "Arrow IPC file" : "Arrow IPC stream";
    }
}
