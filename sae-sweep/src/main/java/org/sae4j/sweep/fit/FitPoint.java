package org.sae4j.sweep.fit;

/**
 * What the fits need of one finished point.
 *
 * @param id the point's name
 * @param compute C = 6·n·m·tokens, dense-equivalent FLOPs of its training
 * @param loss the proxy loss: evaluation MSE + λ·L1 on held-out tokens, normalised scale
 * @param features m
 * @param tokens training tokens
 * @param lr peak learning rate
 * @param budget the isoFLOP budget it belongs to, or null
 * @param design whether the grid or the isoFLOP design asked for it (the frontier and the optimal size and tokens
 *     use these points; the lr fit uses every point)
 */
public record FitPoint(String id, double compute, double loss, int features, long tokens, double lr, Double budget,
                       boolean design) {
}
