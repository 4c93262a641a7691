package org.sae4j.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;

/**
 * Loads record batches by (shard, batch) index with random access. Keeps a few shard files open (least
 * recently used are closed) and holds the buffers of one loaded batch at a time.
 *
 * <p>Closing it closes every open file and releases the loaded batch; the allocator is left open.
 */
final class BatchLoader implements AutoCloseable {

    /** Open shard files kept at most: shuffled reading jumps between shards, reopening costs a footer read. */
    private static final int MAX_OPEN_SHARDS = 8;

    private final List<ShardLayout> shards;
    private final BufferAllocator allocator;
    private final Map<Integer, ArrowFileReader> open = new LinkedHashMap<>(16, 0.75f, true);
    private final LoadedBatch batch = new LoadedBatch();
    private VectorSchemaRoot loadedRoot;

    BatchLoader(List<ShardLayout> shards, BufferAllocator allocator) {
        this.shards = shards;
        this.allocator = allocator;
    }

    /**
     * Loads one record batch, releasing the previously loaded one.
     *
     * @return a view of the batch, valid until the next call
     * @throws StoreException if the file cannot be read or its content is invalid; names the shard and batch
     */
    LoadedBatch load(int shardIndex, int batchIndex) throws StoreException {
        ShardLayout shard = shards.get(shardIndex);
        try {
            ArrowFileReader reader = reader(shardIndex);
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            if (loadedRoot != null && loadedRoot != root) {
                loadedRoot.clear();
            }
            loadedRoot = root;
            ArrowBlock block = reader.getRecordBlocks().get(batchIndex);
            if (!reader.loadRecordBatch(block)) {
                throw new StoreException(shard.path() + ": record batch " + batchIndex + " could not be loaded");
            }
            if (root.getRowCount() != shard.batchRows()[batchIndex]) {
                throw new StoreException(shard.path() + ": record batch " + batchIndex + " has " + root.getRowCount()
                        + " rows, its metadata said " + shard.batchRows()[batchIndex]);
            }
            batch.bind(shard, batchIndex, root);
            return batch;
        } catch (StoreException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new StoreException(shard.path() + ": cannot read record batch " + batchIndex + ": " + e, e);
        }
    }

    private ArrowFileReader reader(int shardIndex) throws IOException {
        ArrowFileReader reader = open.get(shardIndex);
        if (reader != null) {
            return reader;
        }
        ShardLayout shard = shards.get(shardIndex);
        reader = new ArrowFileReader(FileChannel.open(shard.path(), StandardOpenOption.READ), allocator,
                ShardFile.CODECS);
        try {
            int blocks = reader.getRecordBlocks().size();
            if (blocks != shard.batches()) {
                throw new StoreException(shard.path() + ": has " + blocks + " record batches, " + shard.batches()
                        + " when the store was opened: the file changed");
            }
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
        open.put(shardIndex, reader);
        if (open.size() > MAX_OPEN_SHARDS) {
            Iterator<ArrowFileReader> eldest = open.values().iterator();
            ArrowFileReader evicted = eldest.next();
            eldest.remove();
            if (evicted.getVectorSchemaRoot() == loadedRoot) {
                loadedRoot = null;
            }
            evicted.close();
        }
        return reader;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (ArrowFileReader reader : open.values()) {
            try {
                reader.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        open.clear();
        loadedRoot = null;
        if (failure != null) {
            throw failure;
        }
    }
}
