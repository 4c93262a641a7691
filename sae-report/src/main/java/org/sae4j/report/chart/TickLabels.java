package org.sae4j.report.chart;

import java.math.BigDecimal;
import java.math.MathContext;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;

/**
 * Short tick labels as plain text, the same in every locale: {@code 0.25}, {@code 1500}, {@code 1.8e6},
 * {@code 3e-5}. Plain text keeps an SVG small and searchable (JFreeChart's superscript labels of log axes become
 * glyph outlines).
 */
final class TickLabels extends NumberFormat {
  private static final MathContext DIGITS = new MathContext(4);

  @Override
  public StringBuffer format(double number, StringBuffer to, FieldPosition pos) {
    return to.append(label(number));
  }

  @Override
  public StringBuffer format(long number, StringBuffer to, FieldPosition pos) {
    return to.append(label(number));
  }

  @Override
  public Number parse(String source, ParsePosition pos) {
    // Tick labels are only drawn, never read back.
    return null;
  }

  /** The label of one tick value. */
  static String label(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    if (v == 0) {
      return "0";
    }
    double abs = Math.abs(v);
    BigDecimal rounded = new BigDecimal(v).round(DIGITS).stripTrailingZeros();
    if (abs >= 1e-3 && abs < 1e5) {
      return rounded.toPlainString();
    }
    int exponent = rounded.precision() - rounded.scale() - 1;
    BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
    return mantissa.toPlainString() + "e" + exponent;
  }
}
