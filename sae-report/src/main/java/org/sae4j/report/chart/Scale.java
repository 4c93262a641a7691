package org.sae4j.report.chart;

/** How an axis maps values: evenly, or by powers of ten. */
public enum Scale {
  /** Evenly spaced values. */
  LINEAR,
  /** Powers of ten evenly spaced; a log axis cannot show values {@code <= 0}, so such points are left out. */
  LOG
}
