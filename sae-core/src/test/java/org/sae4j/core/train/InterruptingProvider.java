package org.sae4j.core.train;

import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.BackendOptions;
import org.sae4j.kernels.BackendProvider;
import org.sae4j.kernels.Backends;
import org.sae4j.kernels.RuleState;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.kernels.SparseCodes;
import org.sae4j.kernels.StepInput;
import org.sae4j.kernels.StepResult;

/**
 * The JVM backend, interrupted: its step throws once the backend's Adam step count reaches {@code stopAt} (counted
 * from a fresh start, so resumed backends stop at the same absolute step), as a crash of the process would.
 */
final class InterruptingProvider implements BackendProvider {
  private final BackendProvider jvm = Backends.select("jvm", line -> { });
  private final long stopAt;

  /** Thrown instead of the step that would have reached {@code stopAt}. */
  static final class Interrupted extends RuntimeException {
    Interrupted(long step) {
      super("interrupted before step " + step);
    }
  }

  InterruptingProvider(long stopAt) {
    this.stopAt = stopAt;
  }

  @Override
  public String name() {
    return "interrupting-jvm";
  }

  @Override
  public int priority() {
    return -1;
  }

  @Override
  public Availability availability() {
    return jvm.availability();
  }

  @Override
  public Backend create(SaeParameters initial, AdamState adam, BackendOptions options) {
    return create(initial, adam, RuleState.NONE, options);
  }

  @Override
  public Backend create(SaeParameters initial, AdamState adam, RuleState ruleState, BackendOptions options) {
    Backend inner = jvm.create(initial, adam, ruleState, options);
    long[] taken = {adam.step()};
    return new Backend() {
      @Override
      public String name() {
        return inner.name();
      }

      @Override
      public String device() {
        return inner.device();
      }

      @Override
      public int inputDim() {
        return inner.inputDim();
      }

      @Override
      public int features() {
        return inner.features();
      }

      @Override
      public StepResult step(float[] batch, int rows, StepInput input) {
        if (taken[0] == stopAt) {
          throw new Interrupted(taken[0]);
        }
        taken[0]++;
        return inner.step(batch, rows, input);
      }

      @Override
      public void forward(float[] batch, int rows, float[] reconstruction, SparseCodes codes) {
        inner.forward(batch, rows, reconstruction, codes);
      }

      @Override
      public SaeParameters parameters() {
        return inner.parameters();
      }

      @Override
      public AdamState adamState() {
        return inner.adamState();
      }

      @Override
      public RuleState ruleState() {
        return inner.ruleState();
      }

      @Override
      public void close() {
        inner.close();
      }
    };
  }
}
