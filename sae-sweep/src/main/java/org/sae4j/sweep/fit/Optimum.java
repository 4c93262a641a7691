package org.sae4j.sweep.fit;

/**
 * The best setting at one compute budget: from an isoFLOP profile (the optimal dictionary size) or a learning-rate
 * scan (the optimal lr).
 *
 * @param compute the budget C
 * @param value the optimal size or learning rate
 * @param loss the loss there (fitted parabola, or measured at an edge)
 * @param interior whether the optimum lies inside the range tried (see {@link Parabola.Minimum#interior()})
 * @param points how many points the profile had
 * @param best the id of the profile's best measured point
 */
public record Optimum(double compute, double value, double loss, boolean interior, int points, String best) {
}
