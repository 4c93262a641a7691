package org.sae4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {

    /** A clock the test moves by hand. */
    private static final class FakeClock {
        long nanos = 1_000_000_000L;

        void advanceSeconds(double seconds) {
            nanos += Math.round(seconds * 1e9);
        }
    }

    @Test
    void prints_the_first_unit_then_at_most_one_line_per_interval_and_always_the_last() {
        FakeClock clock = new FakeClock();
        Progress progress = new Progress(100, 0, Duration.ofSeconds(5), () -> clock.nanos);
        List<Long> lines = new ArrayList<>();
        for (long done = 1; done <= 100; done++) {
            clock.advanceSeconds(1);
            if (progress.update(done)) {
                lines.add(done);
            }
        }
        // one unit per second: the first, then one every 5 s, and the last 4 s after the one before
        List<Long> expected = new ArrayList<>();
        for (long done = 1; done < 100; done += 5) {
            expected.add(done);
        }
        expected.add(100L);
        assertThat(lines).containsExactlyElementsOf(expected);
    }

    @Test
    void the_last_unit_is_reported_even_inside_the_interval() {
        FakeClock clock = new FakeClock();
        Progress progress = new Progress(3, 0, Duration.ofSeconds(5), () -> clock.nanos);
        clock.advanceSeconds(0.1);
        assertThat(progress.update(1)).isTrue();
        clock.advanceSeconds(0.1);
        assertThat(progress.update(2)).isFalse();
        clock.advanceSeconds(0.1);
        assertThat(progress.update(3)).isTrue();
        assertThat(progress.eta()).isEqualTo("ETA 0:00");
    }

    @Test
    void eta_follows_the_recent_rate_not_a_slow_start() {
        // The first unit takes 100 s (warm-up), every later one 0.1 s: since the start, the rate after 200 units
        // would be 200 / 120 s and the ETA of the 800 left over 8 minutes; the true time left is 80 s.
        FakeClock clock = new FakeClock();
        Progress progress = new Progress(1000, 0, Duration.ofSeconds(5), () -> clock.nanos);
        clock.advanceSeconds(100);
        assertThat(progress.update(1)).isTrue();
        assertThat(progress.eta()).as("no window before a second line").isEqualTo("ETA unknown");
        for (long done = 2; done <= 200; done++) {
            clock.advanceSeconds(0.1);
            progress.update(done);
        }
        assertThat(progress.rate()).isCloseTo(10.0, within(0.5));
        assertThat(progress.eta()).isIn("ETA 1:20", "ETA 1:21", "ETA 1:19");
        assertThat(progress.percent(200)).isEqualTo("20.0%");
    }

    @Test
    void the_window_forgets_old_rates() {
        FakeClock clock = new FakeClock();
        Progress progress = new Progress(10_000, 0, Duration.ofSeconds(1), () -> clock.nanos);
        long done = 0;
        for (int k = 0; k < 20; k++) { // 20 s at 100 units/s
            clock.advanceSeconds(1);
            done += 100;
            progress.update(done);
        }
        for (int k = 0; k < Progress.WINDOW + 1; k++) { // then it slows to 10 units/s
            clock.advanceSeconds(1);
            done += 10;
            progress.update(done);
        }
        assertThat(progress.rate()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void a_resumed_job_counts_only_the_units_done_since_it_resumed() {
        FakeClock clock = new FakeClock();
        Progress progress = new Progress(1000, 600, Duration.ofSeconds(5), () -> clock.nanos);
        clock.advanceSeconds(2);
        assertThat(progress.update(601)).isTrue();
        assertThat(progress.rate()).isCloseTo(0.5, within(1e-9));
        assertThat(progress.percent(601)).isEqualTo("60.1%");
    }

    @Test
    void formats_durations_as_clocks() {
        assertThat(Progress.clock(0)).isEqualTo("0:00");
        assertThat(Progress.clock(65.4)).isEqualTo("1:05");
        assertThat(Progress.clock(3 * 3600 + 7 * 60 + 9)).isEqualTo("3:07:09");
    }

    @Test
    void rejects_an_empty_job_and_more_done_than_there_is() {
        assertThatThrownBy(() -> new Progress(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("total");
        assertThatThrownBy(() -> new Progress(10, 11, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alreadyDone 11");
    }
}
