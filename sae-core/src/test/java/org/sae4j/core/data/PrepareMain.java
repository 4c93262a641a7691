package org.sae4j.core.data;

import java.io.IOException;
import java.nio.file.Path;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.DescriptorReader;
import org.sae4j.store.WriterOptions;

/**
 * Prepares a descriptor's data in a child JVM, so that a fault point can kill the generation: {@code args[0]} is the
 * descriptor, {@code args[1]} the data root; generated shards hold {@link #ROWS_PER_SHARD} rows.
 */
public final class PrepareMain {

  /** Not a multiple of the generator's 4096-row chunks, so resuming starts in the middle of a chunk. */
  static final WriterOptions LAYOUT = new WriterOptions(6_000, 512, false);
  static final long ROWS_PER_SHARD = LAYOUT.rowsPerShard();

  private PrepareMain() {
  }

  public static void main(String[] args) throws IOException, DescriptorException {
    try (PreparedData data = Datasets.prepare(DescriptorReader.read(Path.of(args[0])), Path.of(args[1]),
        System.out::println, LAYOUT)) {
      System.out.println("fingerprint " + data.store().manifest().fingerprint());
    }
  }
}
