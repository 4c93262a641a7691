package org.sae4j.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.nio.FloatBuffer;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.OptimiserSettings;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.kernels.StepResult;

/**
 * The dense SAE training step as a PyTorch user would write it, run through DJL's PyTorch engine: the
 * forward pass as float32 tensor ops, the gradient by autograd ({@link GradientCollector}), global-norm
 * clipping and Adam (PyTorch's formula), with the parameters and Adam's moments resident in NDArrays.
 *
 * <p>The maths is exactly that of {@link org.sae4j.kernels.Backend}'s javadoc, so this class serves both as
 * the test oracle for sae4j's backends and as the baseline of the benchmarks. Nothing in it exploits
 * sparsity: all six B×n×m products are dense.
 *
 * <p>Owns one {@link NDManager}; {@link #close()} releases it (and every array of this step) and is
 * idempotent; other calls after it throw {@link IllegalStateException}. Not thread-safe.
 */
public final class ReferenceStep implements AutoCloseable {

  /** DJL's name for the PyTorch engine. */
  public static final String ENGINE = "PyTorch";

  private static final int ENCODER_WEIGHT = 0;
  private static final int ENCODER_BIAS = 1;
  private static final int DECODER_WEIGHT = 2;
  private static final int DECODER_BIAS = 3;

  private final int inputDim;
  private final int features;
  private final OptimiserSettings optimiser;
  private final Engine engine;
  private final NDManager manager;
  private final NDArray[] parameters;
  private final NDArray[] firstMoment;
  private final NDArray[] secondMoment;
  private long adamStep;
  private boolean closed;

  /**
   * Uploads copies of {@code initial} and {@code adam} into PyTorch tensors.
   *
   * @throws ai.djl.engine.EngineException when the PyTorch native library cannot be loaded
   */
  public ReferenceStep(SaeParameters initial, AdamState adam, OptimiserSettings optimiser) {
    if (adam.firstMoment().inputDim() != initial.inputDim() || adam.firstMoment().features() != initial.features()) {
      throw new IllegalArgumentException("Adam state has shape " + adam.firstMoment()
          + " but the parameters have shape " + initial);
    }
    this.inputDim = initial.inputDim();
    this.features = initial.features();
    this.optimiser = optimiser;
    this.engine = Engine.getEngine(ENGINE);
    this.manager = NDManager.newBaseManager(Device.cpu(), ENGINE);
    this.parameters = upload(initial);
    this.firstMoment = upload(adam.firstMoment());
    this.secondMoment = upload(adam.secondMoment());
    this.adamStep = adam.step();
    for (NDArray p : parameters) {
      p.setRequiresGradient(true);
    }
  }

  /**
   * Sets PyTorch's intra-op thread count for the whole process (PyTorch's setting is global).
   *
   * @throws ai.djl.engine.EngineException when the PyTorch native library cannot be loaded
   */
  public static void setIntraOpThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    Engine.getEngine(ENGINE);
    JniUtils.setNumThreads(threads);
  }

  /** PyTorch's current intra-op thread count. */
  public static int intraOpThreads() {
    Engine.getEngine(ENGINE);
    return JniUtils.getNumThreads();
  }

  /** PyTorch's version, as DJL reports it. */
  public static String pytorchVersion() {
    return Engine.getEngine(ENGINE).getVersion();
  }

  public int inputDim() {
    return inputDim;
  }

  public int features() {
    return features;
  }

  /**
   * One training step on the first {@code rows} rows of {@code batch} (row-major, not modified), with the
   * same contract as {@link org.sae4j.kernels.Backend#step}: the returned scalars are measured before the
   * update.
   */
  public StepResult step(float[] batch, int rows, double learningRate, double l1Coefficient) {
    ensureOpen();
    if (rows < 1 || batch.length < (long) rows * inputDim) {
      throw new IllegalArgumentException("batch holds " + batch.length + " floats, but " + rows + " rows of "
          + inputDim + " need " + (long) rows * inputDim + " (rows >= 1)");
    }
    // Every array made during the step belongs to this scope; the resident tensors come back to the
    // step's manager when the scope closes, so nothing of a step outlives it.
    try (NDManager scope = manager.newSubManager()) {
      attachAll(scope);
      NDArray x = scope.create(FloatBuffer.wrap(batch, 0, rows * inputDim).slice(), new Shape(rows, inputDim));
      NDArray[] gradients = new NDArray[parameters.length];
      double loss;
      double mse;
      double l1;
      long active;
      try (GradientCollector collector = engine.newGradientCollector()) {
        NDArray pre = x.matMul(parameters[ENCODER_WEIGHT].transpose()).add(parameters[ENCODER_BIAS]);
        NDArray f = Activation.relu(pre);
        NDArray reconstruction = f.matMul(parameters[DECODER_WEIGHT]).add(parameters[DECODER_BIAS]);
        NDArray mseTerm = x.sub(reconstruction).square().sum().div((float) rows);
        NDArray norms = parameters[DECODER_WEIGHT].square().sum(new int[] {1}).sqrt();
        NDArray l1Term = f.matMul(norms).sum().div((float) rows);
        NDArray lossTerm = mseTerm.add(l1Term.mul((float) l1Coefficient));
        collector.backward(lossTerm);
        loss = lossTerm.getFloat();
        mse = mseTerm.getFloat();
        l1 = l1Term.getFloat();
        active = f.gt(0).toType(DataType.INT64, false).sum().getLong();
        for (int i = 0; i < parameters.length; i++) {
          gradients[i] = parameters[i].getGradient();
        }
      }
      double gradNorm = globalNorm(gradients);
      adam(gradients, optimiser.gradClip() / Math.max(gradNorm, optimiser.gradClip()), learningRate);
      return new StepResult(loss, mse, l1, (double) active / rows, gradNorm);
    }
  }

  /** A copy of the current parameters. */
  public SaeParameters parameters() {
    ensureOpen();
    return download(parameters);
  }

  /** A copy of the current Adam state. */
  public AdamState adamState() {
    ensureOpen();
    return new AdamState(adamStep, download(firstMoment), download(secondMoment));
  }

  /** Releases every tensor of this step. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      manager.close();
    }
  }

  /** Like {@code torch.nn.utils.clip_grad_norm_}: float32 norm per tensor, combined across tensors. */
  private static double globalNorm(NDArray[] gradients) {
    double squares = 0;
    for (NDArray g : gradients) {
      double norm = g.norm().getFloat();
      squares += norm * norm;
    }
    return Math.sqrt(squares);
  }

  /**
   * Clips, then applies PyTorch's Adam update in place, then zeroes the gradients for the next step. Scalars
   * are passed as float, as PyTorch applies Python floats to float32 tensors (a double 0-d tensor would
   * promote).
   */
  private void adam(NDArray[] gradients, double clipScale, double learningRate) {
    adamStep++;
    double beta1 = optimiser.beta1();
    double beta2 = optimiser.beta2();
    double biasCorrection1 = 1 - Math.pow(beta1, adamStep);
    double biasCorrection2 = 1 - Math.pow(beta2, adamStep);
    for (int i = 0; i < parameters.length; i++) {
      NDArray g = gradients[i].mul((float) clipScale);
      firstMoment[i].muli((float) beta1).addi(g.mul((float) (1 - beta1)));
      secondMoment[i].muli((float) beta2).addi(g.square().mul((float) (1 - beta2)));
      NDArray denominator = secondMoment[i].sqrt().div((float) Math.sqrt(biasCorrection2))
          .add((float) optimiser.epsilon());
      parameters[i].subi(firstMoment[i].div(denominator).mul((float) (learningRate / biasCorrection1)));
      gradients[i].subi(gradients[i]);
    }
  }

  private void attachAll(NDManager scope) {
    for (NDArray[] group : new NDArray[][] {parameters, firstMoment, secondMoment}) {
      for (NDArray a : group) {
        a.tempAttach(scope);
      }
    }
  }

  private NDArray[] upload(SaeParameters p) {
    Shape weights = new Shape(features, inputDim);
    return new NDArray[] {
        manager.create(p.encoderWeight().clone(), weights),
        manager.create(p.encoderBias().clone(), new Shape(features)),
        manager.create(p.decoderWeight().clone(), weights),
        manager.create(p.decoderBias().clone(), new Shape(inputDim)),
    };
  }

  private SaeParameters download(NDArray[] a) {
    return new SaeParameters(inputDim, features, a[ENCODER_WEIGHT].toFloatArray(), a[ENCODER_BIAS].toFloatArray(),
        a[DECODER_WEIGHT].toFloatArray(), a[DECODER_BIAS].toFloatArray());
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("ReferenceStep is closed");
    }
  }
}
