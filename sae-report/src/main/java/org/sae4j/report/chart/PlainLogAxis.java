package org.sae4j.report.chart;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.LogTick;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.Tick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;

/**
 * A base-10 {@link LogAxis} whose tick labels are plain strings ({@link TickLabels}): JFreeChart's log ticks carry
 * attributed strings, which SVG output can only draw as glyph outlines.
 */
final class PlainLogAxis extends LogAxis {
  private static final long serialVersionUID = 1L;

  PlainLogAxis(String label) {
    super(label);
    setBase(10);
    setMinorTickMarksVisible(true);
    setSmallestValue(1e-300);
    // Whole decades only: ticks at 10^0.2 steps read as noise (1.585, 2.512, ...).
    TickUnits decades = new TickUnits();
    for (int step : new int[] {1, 2, 3, 5, 10, 20, 50, 100}) {
      decades.add(new NumberTickUnit(step));
    }
    setStandardTickUnits(decades);
  }

  @Override
  protected List refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
    return plain(super.refreshTicksHorizontal(g2, dataArea, edge));
  }

  @Override
  protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
    return plain(super.refreshTicksVertical(g2, dataArea, edge));
  }

  private static List<Tick> plain(List<?> ticks) {
    List<Tick> out = new ArrayList<>(ticks.size());
    for (Object t : ticks) {
      if (t instanceof LogTick log) {
        String text = log.getTickType() == TickType.MAJOR ? TickLabels.label(log.getValue()) : "";
        out.add(new NumberTick(log.getTickType(), log.getValue(), text, log.getTextAnchor(), log.getRotationAnchor(),
            log.getAngle()));
      } else {
        out.add((ValueTick) t);
      }
    }
    return out;
  }
}
