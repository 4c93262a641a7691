package org.sae4j.harvest;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

/** A batch of windows right-padded to the longest, with the row bookkeeping for content tokens. */
record Padded(List<TokenWindow> windows, long[] ids, long[] mask, int length) {

    static Padded of(List<TokenWindow> windows, int pad) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("empty batch of windows");
        }
        int length = windows.stream().mapToInt(w -> w.ids().length).max().orElseThrow();
        long[] ids = new long[windows.size() * length];
        long[] mask = new long[ids.length];
        Arrays.fill(ids, pad);
        for (int b = 0; b < windows.size(); b++) {
            int[] w = windows.get(b).ids();
            for (int t = 0; t < w.length; t++) {
                ids[b * length + t] = w[t];
                mask[b * length + t] = 1;
            }
        }
        return new Padded(List.copyOf(windows), ids, mask, length);
    }

    int size() {
        return windows.size();
    }

    int contentTokens() {
        return windows.stream().mapToInt(TokenWindow::contentLength).sum();
    }

    NDArray ids(NDManager scope) {
        return scope.create(ids, new Shape(size(), length));
    }

    NDArray mask(NDManager scope) {
        return scope.create(mask, new Shape(size(), length));
    }

    /** Copies the content rows (positions 1 … n of each window) of a [B, T, h] tensor into {@code rows}. */
    void gather(float[] all, int h, float[] rows) {
        int r = 0;
        for (int b = 0; b < windows.size(); b++) {
            int n = windows.get(b).contentLength();
            System.arraycopy(all, (b * length + 1) * h, rows, r * h, n * h);
            r += n;
        }
    }

    /**
     * Copies the content rows of a {@code [B, T, h]} float32 tensor into columns {@code offset … offset + h} of
     * {@code rows} (row r starting at {@code r * stride}), read in place from the tensor's memory: one copy instead of
     * a whole-tensor {@code float[]} and a second pass.
     */
    void gather(NDArray tensor, int h, float[] rows, int stride, int offset) {
        // tryDirect: a view of the (contiguous) tensor's memory, valid while the tensor is open, not a copy.
        FloatBuffer all = tensor.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
        int r = 0;
        for (int b = 0; b < windows.size(); b++) {
            int n = windows.get(b).contentLength();
            for (int p = 1; p <= n; p++, r++) {
                all.get((b * length + p) * h, rows, r * stride + offset, h);
            }
        }
    }

    /** The inverse of {@link #gather}: writes content rows back into a [B, T, h] tensor. */
    void scatter(float[] rows, int h, float[] all) {
        int r = 0;
        for (int b = 0; b < windows.size(); b++) {
            int n = windows.get(b).contentLength();
            System.arraycopy(rows, r * h, all, (b * length + 1) * h, n * h);
            r += n;
        }
    }
}
