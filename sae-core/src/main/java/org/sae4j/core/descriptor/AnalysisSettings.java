package org.sae4j.core.descriptor;

import java.math.BigDecimal;
import java.util.Map;

/**
 * An analysis's validated settings, as its {@code read} returned them from the descriptor's section. Records, with
 * every default applied.
 */
public interface AnalysisSettings {

  /**
   * The settings as plain values (strings, numbers, lists, maps) under the keys the section is written with, every
   * default written out, in documentation order: part of the descriptor's hash and of the resolved descriptor, and
   * read back by the analysis's {@code read} to equal settings.
   */
  Map<String, Object> resolved();

  /** A double as its shortest plain decimal, for {@link #resolved}: the hash then does not depend on formatting. */
  static BigDecimal decimal(double x) {
    return DescriptorTree.decimal(x);
  }
}
