package org.sae4j.sweep;

import org.sae4j.sweep.fit.SweepFits;

/**
 * The fits of the points that share one λ (losses with different λ measure different objectives, so each λ has its
 * own frontier).
 *
 * @param l1 the λ of the series
 * @param fits its scaling laws
 */
public record SeriesResult(double l1, SweepFits fits) {
}
