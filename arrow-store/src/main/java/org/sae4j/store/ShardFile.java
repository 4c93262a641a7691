package org.sae4j.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Structural checks of one Arrow IPC file: magic at both ends, footer, schema, and the row count of every
 * record batch, read from the batches' metadata without loading their bodies.
 */
final class ShardFile {

    /** Buffer codecs for compressed files (pyarrow's Feather writer compresses with LZ4 by default). */
    static final CompressionCodec.Factory CODECS = CommonsCompressionFactory.INSTANCE;

    private static final byte[] MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);
    /** Leading magic plus padding, footer length and trailing magic: the smallest possible file. */
    private static final int MIN_SIZE = 8 + 4 + MAGIC.length;

    /**
     * A shard's schema and per-batch row counts.
     *
     * @param schema    the file's schema
     * @param batchRows rows of each record batch, in file order
     */
    record Structure(Schema schema, int[] batchRows) {
        long rows() {
            long sum = 0;
            for (int rows : batchRows) {
                sum += rows;
            }
            return sum;
        }
    }

    private ShardFile() {}

    /**
     * Reads a file's structure, trusting no offset before the magic and footer are checked.
     *
     * @param file      the Arrow IPC file
     * @param allocator for the reader's transient buffers (all released before returning)
     * @return the schema and per-batch row counts
     * @throws StoreException if the file is not a complete Arrow IPC file; the message names the file
     */
    static Structure read(Path file, BufferAllocator allocator) throws StoreException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < MIN_SIZE || !magicAt(channel, 0) || !magicAt(channel, size - MAGIC.length)) {
                throw new StoreException(file + ": not a complete Arrow IPC file (" + size + " bytes; expected the "
                        + "magic 'ARROW1' at both ends): truncated, or written in the stream format instead of "
                        + "the file format");
            }
            // The reader closes the channel; the metadata reads below happen before that.
            try (ArrowFileReader reader = new ArrowFileReader(channel, allocator, CODECS)) {
                Schema schema = reader.getVectorSchemaRoot().getSchema();
                List<ArrowBlock> blocks = reader.getRecordBlocks();
                int[] batchRows = new int[blocks.size()];
                for (int i = 0; i < batchRows.length; i++) {
                    batchRows[i] = batchRows(file, channel, size, blocks.get(i), i);
                }
                return new Structure(schema, batchRows);
            }
        } catch (StoreException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new StoreException(file + ": unreadable Arrow IPC file footer or schema: " + e.getMessage(), e);
        }
    }

    private static int batchRows(Path file, FileChannel channel, long size, ArrowBlock block, int index)
            throws IOException {
        long end = block.getOffset() + block.getMetadataLength() + block.getBodyLength();
        if (block.getOffset() < 8 || block.getMetadataLength() <= 0 || block.getBodyLength() < 0 || end > size) {
            throw new StoreException(file + ": record batch " + index + " spans bytes [" + block.getOffset() + ", "
                    + end + ") outside the file's " + size + " bytes");
        }
        channel.position(block.getOffset());
        MessageMetadataResult message = MessageSerializer.readMessage(new ReadChannel(channel));
        if (message == null || message.headerType() != MessageHeader.RecordBatch) {
            throw new StoreException(file + ": block " + index + " at offset " + block.getOffset()
                    + " is not a record batch message");
        }
        long rows = ((RecordBatch) message.getMessage().header(new RecordBatch())).length();
        if (rows < 0 || rows > Integer.MAX_VALUE) {
            throw new StoreException(file + ": record batch " + index + " claims " + rows + " rows");
        }
        return (int) rows;
    }

    private static boolean magicAt(FileChannel channel, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(MAGIC.length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                return false;
            }
        }
        return buffer.flip().equals(ByteBuffer.wrap(MAGIC));
    }
}
