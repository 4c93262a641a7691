package org.sae4j.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Named crash points for the fault-injection tests: with {@code -Dsae4j.fault=NAME:N} the JVM halts at once (no
 * shutdown hooks, no {@code finally}, as after SIGKILL) the N-th time execution passes {@link #point(String)
 * point(NAME)}. Without the property every point is a no-op: one volatile-free field read.
 *
 * <p>Points in the product: {@code train.step} (after each optimisation step), {@code checkpoint.write}
 * (between the files of a checkpoint), {@code shard.write} (after each record batch of a shard, before the shard is
 * finished), {@code shard.done} (after each shard is published and recorded for resuming), {@code evaluate.batch};
 * each is documented where it is placed.
 */
public final class FaultInjection {
    /** The system property that arms one point. */
    public static final String PROPERTY = "sae4j.fault";
    /** The exit status of a halted JVM, as for SIGKILL. */
    public static final int EXIT_STATUS = 137;

    private static final String ARMED_NAME;
    private static final long ARMED_COUNT;
    private static final Map<String, AtomicLong> PASSES = new ConcurrentHashMap<>();

    static {
        String spec = System.getProperty(PROPERTY);
        String name = null;
        long count = 0;
        if (spec != null && !spec.isBlank()) {
            int colon = spec.lastIndexOf(':');
            name = colon < 0 ? spec.strip() : spec.substring(0, colon).strip();
            count = colon < 0 ? 1 : Long.parseLong(spec.substring(colon + 1).strip());
        }
        ARMED_NAME = name;
        ARMED_COUNT = count;
    }

    private FaultInjection() {}

    /** Passes the point {@code name}; halts the JVM if it is the armed point and this is the armed pass. */
    public static void point(String name) {
        if (ARMED_NAME == null || !ARMED_NAME.equals(name)) {
            return;
        }
        long pass = PASSES.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
        if (pass == ARMED_COUNT) {
            System.err.println("FAULT injected at " + name + " (pass " + pass + "): halting");
            System.err.flush();
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
    }
}
