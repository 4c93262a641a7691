package org.sae4j.core.train;

/**
 * Where a periodic checkpoint stands, beyond the optimiser state: the file {@value Checkpoints#RESUME} of a
 * checkpoint. The reader position is the epoch and the batches of it already consumed: a resumed run recreates that
 * epoch's shuffled reader from the seed and skips those batches. The schedule needs nothing, being a function of the
 * step.
 *
 * @param format {@value #FORMAT}
 * @param step steps taken
 * @param totalSteps steps of the whole run
 * @param epoch the epoch the next step belongs to
 * @param batchesInEpoch batches of that epoch already consumed
 * @param collapse the collapse detector's state
 */
record ResumeState(String format, long step, long totalSteps, long epoch, long batchesInEpoch,
                   CollapseDetector.State collapse) {
  static final String FORMAT = "sae4j-resume-1";

  /** The state after {@code step} of {@code totalSteps} steps, {@code stepsPerEpoch} to an epoch. */
  static ResumeState at(long step, long totalSteps, long stepsPerEpoch, CollapseDetector.State collapse) {
    return new ResumeState(FORMAT, step, totalSteps, step / stepsPerEpoch, step % stepsPerEpoch, collapse);
  }

  /** Why this state cannot continue a run of {@code totalSteps} steps, or null when it can. */
  String mismatch(long expectedTotalSteps, long stepsPerEpoch) {
    if (!FORMAT.equals(format) || collapse == null) {
      return "not a " + FORMAT + " file";
    }
    if (totalSteps != expectedTotalSteps) {
      return "it belongs to a run of " + totalSteps + " steps, this one has " + expectedTotalSteps;
    }
    if (step < 1 || step >= totalSteps || epoch != step / stepsPerEpoch || batchesInEpoch != step % stepsPerEpoch) {
      return "its position (step " + step + ", epoch " + epoch + ", batch " + batchesInEpoch + ") is inconsistent";
    }
    return null;
  }
}
