package org.sae4j.harvest;

import java.util.function.Consumer;

/** Rate and ETA lines for a harvest, throttled to one per ~10 s plus a final one. */
final class HarvestProgress {

    private static final long REPORT_NANOS = 10_000_000_000L;

    private final long target;
    private final Consumer<String> out;
    private final long start = System.nanoTime();
    private long lastReport = start;
    private long modelTokens;

    HarvestProgress(long target, Consumer<String> out) {
        this.target = target;
        this.out = out;
    }

    /**
     * Records progress.
     *
     * @param stored           rows stored so far
     * @param batchModelTokens tokens the model just processed, [CLS]/[SEP] included
     * @param done             whether this is the final report
     */
    void update(long stored, long batchModelTokens, boolean done) {
        modelTokens += batchModelTokens;
        long now = System.nanoTime();
        if (!done && now - lastReport < REPORT_NANOS) {
            return;
        }
        lastReport = now;
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double rate = stored / seconds;
        String eta = done ? "done in " + duration(seconds) : "ETA " + duration((target - stored) / rate);
        out.accept(String.format("harvest: %,d / %,d tokens (%.1f %%), %,.0f tokens/s stored (%,.0f/s through "
                + "the model incl. [CLS]/[SEP]), %s", stored, target, 100.0 * stored / target, rate,
                modelTokens / seconds, eta));
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    }
}
