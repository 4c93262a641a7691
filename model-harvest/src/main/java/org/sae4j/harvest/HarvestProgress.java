package org.sae4j.harvest;

import java.time.Duration;
import java.util.function.Consumer;
import org.sae4j.store.Progress;

/**
 * The harvest's progress lines: tokens stored of the target, their rate and the ETA over a recent window
 * ({@link Progress}), and the rate through the model ([CLS]/[SEP] included); one line per ~10 s, then a final one
 * with the averages.
 */
final class HarvestProgress {

    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private final long target;
    private final long kept;
    private final Consumer<String> out;
    private final Progress progress;
    private long modelTokens;

    /**
     * @param target rows to store in all
     * @param kept   rows already stored by an earlier, interrupted harvest; rates count only the rows after them
     */
    HarvestProgress(long target, long kept, Consumer<String> out) {
        this.target = target;
        this.kept = kept;
        this.out = out;
        this.progress = new Progress(target, kept, INTERVAL);
    }

    /**
     * Records progress; prints a line when one is due, except at the target, which {@link #finish} reports.
     *
     * @param stored           rows stored so far
     * @param batchModelTokens tokens the model just processed, [CLS]/[SEP] included
     */
    void update(long stored, long batchModelTokens) {
        modelTokens += batchModelTokens;
        if (progress.update(stored) && stored < target) {
            print(stored, progress.rate(), progress.eta());
        }
    }

    /** Prints the final line, with the average rates and the total time. */
    void finish(long stored) {
        double seconds = Math.max(1e-9, progress.elapsedSeconds());
        print(stored, (stored - kept) / seconds, "done in " + Progress.clock(seconds));
    }

    /** The model's rate is the stored rate scaled by the run's ratio of model tokens to stored ones. */
    private void print(long stored, double rate, String when) {
        double throughModel = stored > kept ? rate * modelTokens / (stored - kept) : 0;
        out.accept(String.format("harvest: %,d / %,d tokens (%s), %,.0f tokens/s stored (%,.0f/s through "
                + "the model incl. [CLS]/[SEP]), %s", stored, target, progress.percent(stored), rate,
                throughModel, when));
    }
}
