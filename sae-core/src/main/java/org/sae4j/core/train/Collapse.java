package org.sae4j.core.train;

/**
 * A detected training collapse (see {@link CollapseDetector}).
 *
 * @param step the step (1-based count of steps taken) at which it was detected
 * @param l0 mean L0 over the window that ended there
 * @param deadShare share of features that fired on none of the window's sampled tokens
 * @param message the whole explanation, with the suggestion
 */
public record Collapse(long step, double l0, double deadShare, String message) {
}
