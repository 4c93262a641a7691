package org.sae4j.store;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress of a long job counted in units (training steps, harvested tokens): it decides when a progress line
 * is due (the first unit, then at most one line per interval, and the last unit), and measures throughput and the
 * time left over a <em>recent window</em> (the last {@value #WINDOW} lines), not since the start, so that a slow
 * start (JIT compilation, caches filling, the first shard opening) does not distort the estimate for the rest of the
 * run. Before a second line there is no window yet and {@link #eta()} says so rather than guess.
 *
 * <p>Callers format their own lines from {@link #percent(long)}, {@link #rate()} and {@link #eta()}. Cheap enough to
 * call after every unit (one clock read). Not thread-safe.
 */
public final class Progress {
    /** Lines the rate window spans. */
    static final int WINDOW = 6;

    private final long total;
    private final long alreadyDone;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final long start;
    private final long[] sampleNanos = new long[WINDOW + 1];
    private final long[] sampleDone = new long[WINDOW + 1];
    private int samples;
    private long lastLine;
    private long done;

    /**
     * @param total    units the job will do, at least 1
     * @param interval least time between two lines (except the first and the last)
     */
    public Progress(long total, Duration interval) {
        this(total, 0, interval);
    }

    /**
     * A job resumed part-way: its rates count only the units done from now on.
     *
     * @param total       units the whole job does, at least 1
     * @param alreadyDone units done before (by an earlier, interrupted process), in [0, total]
     * @param interval    least time between two lines (except the first and the last)
     */
    public Progress(long total, long alreadyDone, Duration interval) {
        this(total, alreadyDone, interval, System::nanoTime);
    }

    /**
     * As {@link #Progress(long, long, Duration)}, with a clock in nanoseconds (for tests).
     *
     * @param nanoClock monotonic time in nanoseconds, like {@link System#nanoTime()}
     */
    Progress(long total, long alreadyDone, Duration interval, LongSupplier nanoClock) {
        if (total < 1 || alreadyDone < 0 || alreadyDone > total) {
            throw new IllegalArgumentException("need total >= 1 and 0 <= alreadyDone <= total, got total " + total
                    + ", alreadyDone " + alreadyDone);
        }
        this.total = total;
        this.alreadyDone = alreadyDone;
        this.done = alreadyDone;
        this.intervalNanos = interval.toNanos();
        this.clock = nanoClock;
        this.start = nanoClock.getAsLong();
        this.lastLine = start;
    }

    /**
     * Records that {@code unitsDone} units are done.
     *
     * @param unitsDone units done so far (not the increment), non-decreasing
     * @return whether the caller should print a line now: for the first update with work done, for the last unit,
     *         and when {@code interval} has passed since the previous line
     */
    public boolean update(long unitsDone) {
        long now = clock.getAsLong();
        boolean first = samples == 0 && unitsDone > alreadyDone;
        boolean last = unitsDone >= total && done < total;
        done = unitsDone;
        if (!first && !last && now - lastLine < intervalNanos) {
            return false;
        }
        lastLine = now;
        sample(now, unitsDone);
        return true;
    }

    private void sample(long now, long unitsDone) {
        if (samples == sampleNanos.length) {
            System.arraycopy(sampleNanos, 1, sampleNanos, 0, samples - 1);
            System.arraycopy(sampleDone, 1, sampleDone, 0, samples - 1);
            samples--;
        }
        sampleNanos[samples] = now;
        sampleDone[samples] = unitsDone;
        samples++;
    }

    /**
     * Units per second over the recent window; before the second line, the units done since the start over the
     * time since the start.
     *
     * @return the rate, 0 when nothing is done yet
     */
    public double rate() {
        if (samples < 2) {
            double seconds = elapsedSeconds();
            return seconds > 0 ? (done - alreadyDone) / seconds : 0;
        }
        long units = sampleDone[samples - 1] - sampleDone[0];
        long nanos = sampleNanos[samples - 1] - sampleNanos[0];
        return nanos > 0 ? units * 1e9 / nanos : 0;
    }

    /**
     * The time left at the recent rate.
     *
     * @return {@code "ETA m:ss"} (or {@code h:mm:ss}), {@code "ETA 0:00"} when done, or {@code "ETA unknown"} before
     *         the second line or while nothing moves
     */
    public String eta() {
        if (done >= total) {
            return "ETA 0:00";
        }
        double rate = rate();
        if (samples < 2 || !(rate > 0)) {
            return "ETA unknown";
        }
        return "ETA " + clock((total - done) / rate);
    }

    /** The share done, as {@code "79.0%"}. */
    public String percent(long unitsDone) {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * unitsDone / total);
    }

    /** Seconds since this progress was created. */
    public double elapsedSeconds() {
        return (clock.getAsLong() - start) / 1e9;
    }

    /**
     * A duration as a clock: {@code m:ss} below an hour, else {@code h:mm:ss}.
     *
     * @param seconds the duration; rounded to whole seconds
     */
    public static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
