package org.sae4j.core.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.sae4j.core.data.Datasets;
import org.sae4j.core.descriptor.ArrowData;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.HarvestData;
import org.sae4j.core.descriptor.SyntheticData;
import org.sae4j.core.run.RunLayout;
import org.sae4j.harvest.Models;
import org.sae4j.store.Manifest;
import org.sae4j.store.StoreException;

/**
 * What the engine says instead of a bare stack trace when the heap runs out: the heap in use and its maximum, what
 * the run needs ({@link MemoryEstimate}), and the flag that gives it more, for Maven and for the CLI.
 */
final class OutOfMemoryMessage {

  private OutOfMemoryMessage() {
  }

  /** Whether the heap ran out: {@code failure} is an {@link OutOfMemoryError} or was caused by one. */
  static boolean isCause(Throwable failure) {
    return ExitCode.chain(failure).stream().anyMatch(OutOfMemoryError.class::isInstance);
  }

  /**
   * The message, one line per item.
   *
   * @param descriptor the run's descriptor, or null when the heap ran out before it was read
   * @param output the output directory, where an Arrow source's cached manifest gives its dimension
   * @param used heap bytes in use now
   * @param max the maximum heap, in bytes
   */
  static List<String> lines(Descriptor descriptor, Path output, long used, long max) {
    List<String> lines = new ArrayList<>();
    lines.add("out of memory: the engine's Java heap is full (" + MemoryEstimate.size(used) + " in use, "
        + MemoryEstimate.size(max) + " maximum)");
    OptionalInt n = descriptor == null ? OptionalInt.empty() : dimension(descriptor, output);
    String xmx;
    if (n.isPresent()) {
      int m = descriptor.sae().features();
      int batch = descriptor.training().batchSize();
      long truth = descriptor.data() instanceof SyntheticData s ? (long) s.trueFeatures() * s.dim() : 0;
      MemoryEstimate estimate = MemoryEstimate.of(n.getAsInt(), m, batch, truth);
      xmx = estimate.suggestedXmx(max);
      lines.add(String.format("training n=%,d × m=%,d in batches of %,d needs about %s: %s", n.getAsInt(), m, batch,
          MemoryEstimate.size(estimate.total()), estimate.breakdown()));
    } else {
      xmx = MemoryEstimate.of(1, 1, 1, 0).suggestedXmx(max);
      lines.add("no estimate of what the run needs: the data's dimension is not known before the data are read");
    }
    lines.add("fix: give the engine more heap, e.g. -Dsae.argLine=" + xmx + " for the Maven goals, or SAE4J_OPTS=" + xmx
        + " sae4j … for the CLI");
    return lines;
  }

  /** n: the synthetic dimension, the model's hidden size, or an Arrow source's from its cached manifest. */
  private static OptionalInt dimension(Descriptor d, Path output) {
    return switch (d.data()) {
      case SyntheticData s -> OptionalInt.of(s.dim());
      case HarvestData h -> OptionalInt.of(Models.byName(h.model()).hidden());
      case ArrowData a -> {
        Path cached = Datasets.directory(d, new RunLayout(output, d.name()).dataRoot()).resolve(Manifest.FILE_NAME);
        try {
          yield OptionalInt.of(Manifest.read(cached).dim());
        } catch (StoreException e) {
          yield OptionalInt.empty();
        }
      }
    };
  }
}
