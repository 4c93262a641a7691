package org.sae4j.store;

/**
 * Accumulates the mean L2 norm and mean squared L2 norm of rows in float64, sequentially in row order so the
 * result does not depend on how rows were batched.
 */
final class RowNorms {

    private double sumNorm;
    private double sumSquaredNorm;
    private long rows;

    /** No rows yet. */
    RowNorms() {}

    /** Continues from sums recorded earlier (see {@link #sumNorm()}), so resumed writing ends with the same bits. */
    RowNorms(long rows, double sumNorm, double sumSquaredNorm) {
        this.rows = rows;
        this.sumNorm = sumNorm;
        this.sumSquaredNorm = sumSquaredNorm;
    }

    /**
     * Finds the first row holding a NaN or infinity. (Squares of finite floats cannot overflow a double, so a
     * row's squared norm is finite exactly when all its values are.)
     *
     * @return the index relative to {@code firstRow}, or -1 if every row is finite
     */
    static int firstNonFinite(float[] data, int firstRow, int count, int dim) {
        for (int r = 0; r < count; r++) {
            if (!Double.isFinite(squaredNorm(data, (firstRow + r) * dim, dim))) {
                return r;
            }
        }
        return -1;
    }

    /** Adds {@code count} finite rows of {@code dim} floats starting at row {@code firstRow} of {@code data}. */
    void add(float[] data, int firstRow, int count, int dim) {
        for (int r = 0; r < count; r++) {
            double squared = squaredNorm(data, (firstRow + r) * dim, dim);
            sumNorm += Math.sqrt(squared);
            sumSquaredNorm += squared;
            rows++;
        }
    }

    private static double squaredNorm(float[] data, int base, int dim) {
        double squared = 0;
        for (int j = 0; j < dim; j++) {
            double x = data[base + j];
            squared += x * x;
        }
        return squared;
    }

    long rows() {
        return rows;
    }

    double sumNorm() {
        return sumNorm;
    }

    double sumSquaredNorm() {
        return sumSquaredNorm;
    }

    double meanNorm() {
        return rows == 0 ? 0 : sumNorm / rows;
    }

    double meanSquaredNorm() {
        return rows == 0 ? 0 : sumSquaredNorm / rows;
    }
}
