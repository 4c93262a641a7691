package org.sae4j.kernels.tornadovm;

import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicLong;
import org.sae4j.kernels.ActivationRule;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.BackendChecks;
import org.sae4j.kernels.BackendOptions;
import org.sae4j.kernels.OptimiserSettings;
import org.sae4j.kernels.RuleState;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.kernels.SparseCodes;
import org.sae4j.kernels.StepInput;
import org.sae4j.kernels.StepResult;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.exceptions.TornadoExecutionPlanException;

/**
 * The training step of {@link Backend} as one TornadoVM task graph ({@link StepGraph}, {@link StepKernels}),
 * JIT-compiled for the chosen device on the first step. Parameters and Adam's moments stay on the device; a step
 * moves only the batch and a few coefficients in and five scalars out.
 *
 * <p>Only the encoder product is dense; the active (row, feature) pairs are listed on the device, row-major
 * and feature-major, and the decoder and the gradients touch only them. The clip factor and the divergence
 * check are computed on the device too, so the host never waits on more than the scalars. {@link #forward} runs a second graph ({@link ForwardGraph}) on the parameters the
 * step graph keeps on the device. {@link BackendOptions#threads()} is ignored: the device decides its own
 * parallelism. {@link #close()} closes the execution plan, which frees the device buffers.
 *
 * <p>It runs the ReLU rule and the TopK rule with its AuxK loss ({@link TornadoVmBackendProvider#RULES}); under TopK each row's
 * k best pairs are selected on the device ({@link TopKKernels}), the per-feature counts of steps since a feature
 * last fired stay there too ({@link #ruleState()} copies them back), and the AuxK pairs go through the same
 * sparse kernels as the main ones, as in the JVM backend.
 */
final class TornadoVmBackend implements Backend {

  private static final AtomicLong GRAPHS = new AtomicLong();

  private final int n;
  private final int m;
  private final int maxRows;
  private final OptimiserSettings optimiser;
  private final ActivationRule rule;
  private final String device;
  private final StepGraph graph;
  private final ForwardGraph forwardGraph;
  private TornadoExecutionPlan plan;
  /** The step graph's last execution, through which device-resident arrays are copied back; null before it. */
  private TornadoExecutionResult lastResult;
  private long adamStep;
  private boolean closed;

  TornadoVmBackend(SaeParameters initial, AdamState state, RuleState ruleState, BackendOptions options,
                   TornadoDevice target, EncoderVariant encoder) {
    BackendChecks.checkAdamShape(initial, state);
    BackendChecks.checkRule(TornadoVmBackendProvider.NAME, TornadoVmBackendProvider.RULES, options.rule());
    this.rule = options.rule();
    this.n = initial.inputDim();
    this.m = initial.features();
    this.maxRows = options.maxBatchRows();
    long largest = Math.max((long) EncoderKernels.paddedRows(maxRows) * Math.max(n, m), (long) n * m);
    if (largest > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("maxBatchRows " + maxRows + " with inputDim " + n + " and features " + m
          + " needs a buffer of " + largest + " floats, more than one TornadoVM array holds");
    }
    this.optimiser = options.optimiser();
    this.adamStep = state.step();
    int[] steps = BackendChecks.stepsSinceFired(ruleState, rule, m);
    PairLists.Selection main = PairLists.Selection.ALL;
    PairLists.Selection aux = null;
    if (rule instanceof ActivationRule.TopK topK) {
      int deadSteps = (int) Math.min(topK.deadSteps(), Integer.MAX_VALUE - 1);
      main = new PairLists.Selection(Math.min(topK.k(), m), false, deadSteps);
      if (topK.auxiliary()) {
        aux = new PairLists.Selection(Math.min(topK.auxK(), m), true, deadSteps);
      }
    }
    this.graph = new StepGraph(ParameterArrays.copyOf(initial), ParameterArrays.copyOf(state.firstMoment()),
        ParameterArrays.copyOf(state.secondMoment()), maxRows, main, aux, steps, encoder);
    this.forwardGraph = new ForwardGraph(n, m, maxRows, main, encoder);
    String name = "sae" + GRAPHS.incrementAndGet();
    String forwardName = name + "forward";
    this.plan = new TornadoExecutionPlan(graph.build(name), forwardGraph.build(forwardName, name, graph.params))
        .withDevice(target);
    if (encoder.hasGrid()) {
      GridScheduler grid = new GridScheduler();
      graph.rows.addGrid(grid, name);
      forwardGraph.addGrid(grid, forwardName);
      plan.withGridScheduler(grid);
    }
    this.device = TornadoDevices.describe(target) + "; " + encoder.description();
  }

  @Override
  public String name() {
    return TornadoVmBackendProvider.NAME;
  }

  @Override
  public String device() {
    return device;
  }

  @Override
  public int inputDim() {
    return n;
  }

  @Override
  public int features() {
    return m;
  }

  @Override
  public StepResult step(float[] batch, int rows, StepInput input) {
    checkOpen();
    checkBatch(batch, rows);
    BackendChecks.checkStepInput(rule, input);
    double learningRate = input.learningRate();
    double l1Coefficient = input.sparsityCoefficient();
    long t = adamStep + 1;
    ParameterArrays.copy(batch, graph.batch, rows * n);
    graph.control.set(0, rows);
    graph.control.set(1, 0);
    float[] c = {
        (float) (1.0 / rows), (float) l1Coefficient,
        (float) (learningRate / (1 - Math.pow((float) optimiser.beta1(), t))),
        (float) (1 / (1 - Math.pow((float) optimiser.beta2(), t))),
        (float) optimiser.beta1(), (float) optimiser.beta2(), (float) optimiser.epsilon(),
        (float) optimiser.gradClip(), (float) (2 * auxCoefficient())};
    ParameterArrays.copy(c, graph.coef, c.length);
    lastResult = plan.withGraph(0).execute();
    double mse = graph.scalars.get(0) / (double) rows;
    double l1 = graph.scalars.get(1) / (double) rows;
    double l0 = graph.scalars.get(2) / (double) rows;
    double gradNorm = Math.sqrt(graph.scalars.get(3));
    // As in the JVM backend, the AuxK loss counts only when the batch has AuxK pairs.
    double auxLoss = graph.scalars.get(6) > 0 ? auxCoefficient() * graph.scalars.get(5) / rows : 0;
    if (graph.scalars.get(4) < 0.5f) {
      throw new IllegalStateException("training step diverged (mse=" + mse + ", l1=" + l1 + ", gradient norm="
          + gradNorm + "); parameters were not updated");
    }
    adamStep = t;
    return new StepResult(mse + l1Coefficient * l1 + auxLoss, mse, l1, l0, gradNorm);
  }

  private double auxCoefficient() {
    return rule instanceof ActivationRule.TopK topK && topK.auxiliary() ? topK.auxCoefficient() : 0;
  }

  /**
   * Runs the forward graph on the device-resident parameters. Before the first step the parameters are not on
   * the device yet, so the step graph first runs once as a priming run, which changes no state.
   */
  @Override
  public void forward(float[] batch, int rows, float[] reconstruction, SparseCodes codes) {
    checkOpen();
    checkBatch(batch, rows);
    BackendChecks.checkReconstruction(reconstruction, rows, n);
    if (lastResult == null) {
      graph.control.set(0, 1);
      graph.control.set(1, 1);
      lastResult = plan.withGraph(0).execute();
    }
    ParameterArrays.copy(batch, forwardGraph.batch, rows * n);
    forwardGraph.control.set(0, rows);
    forwardGraph.read(plan.withGraph(1).execute(), rows, reconstruction, codes);
  }

  @Override
  public SaeParameters parameters() {
    checkOpen();
    fetch(graph.params);
    return graph.params.toParameters(n, m);
  }

  /** Under TopK the steps since each feature was last active, capped at the rule's deadSteps; else none. */
  @Override
  public RuleState ruleState() {
    checkOpen();
    if (!(rule instanceof ActivationRule.TopK)) {
      return RuleState.NONE;
    }
    fetch(graph.steps());
    return new RuleState(graph.steps().getSegment().toArray(ValueLayout.JAVA_INT), Float.NaN);
  }

  @Override
  public AdamState adamState() {
    checkOpen();
    fetch(graph.first);
    fetch(graph.second);
    return new AdamState(adamStep, graph.first.toParameters(n, m), graph.second.toParameters(n, m));
  }

  /** Brings device-resident arrays up to date on the host; before the first step the host copy is current. */
  private void fetch(ParameterArrays arrays) {
    fetch((Object[]) arrays.all());
  }

  /**
   * Copies arrays of the step graph back. A result copies from the plan's selected graph, which is the forward
   * graph after a forward pass: the step graph is selected again first (otherwise its own arrays, such as Adam's
   * moments, are not found there).
   */
  private void fetch(Object... arrays) {
    if (lastResult != null) {
      plan.withGraph(0);
      lastResult.transferToHost(arrays);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      plan.close();
    } catch (TornadoExecutionPlanException e) {
      throw new IllegalStateException("could not release the TornadoVM device buffers of " + device, e);
    } finally {
      plan = null;
      lastResult = null;
    }
  }

  private void checkOpen() {
    BackendChecks.checkOpen(closed, name());
  }

  private void checkBatch(float[] batch, int rows) {
    BackendChecks.checkBatch(batch, rows, maxRows, n);
  }
}
