package org.sae4j.kernels.tornadovm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.sae4j.kernels.SaeParameters;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

/**
 * One {@link SaeParameters}-shaped set of off-heap TornadoVM arrays (the parameters, a moment of Adam, or a
 * gradient), in the same layouts.
 */
record ParameterArrays(FloatArray encoderWeight, FloatArray encoderBias, FloatArray decoderWeight,
                       FloatArray decoderBias) {

  /** Zero-filled arrays for an n-dimensional SAE with m features. */
  static ParameterArrays zeros(int n, int m) {
    return new ParameterArrays(Buffers.floats(m * n), Buffers.floats(m), Buffers.floats(m * n), Buffers.floats(n));
  }

  /** Arrays holding a copy of {@code p}. */
  static ParameterArrays copyOf(SaeParameters p) {
    ParameterArrays a = new ParameterArrays(new FloatArray(p.encoderWeight().length),
        new FloatArray(p.encoderBias().length), new FloatArray(p.decoderWeight().length),
        new FloatArray(p.decoderBias().length));
    copy(p.encoderWeight(), a.encoderWeight);
    copy(p.encoderBias(), a.encoderBias);
    copy(p.decoderWeight(), a.decoderWeight);
    copy(p.decoderBias(), a.decoderBias);
    return a;
  }

  /** A heap copy of the current host-side contents. */
  SaeParameters toParameters(int n, int m) {
    return new SaeParameters(n, m, heap(encoderWeight), heap(encoderBias), heap(decoderWeight), heap(decoderBias));
  }

  /** W_e, b_e, W_d, b_d. */
  FloatArray[] all() {
    return new FloatArray[] {encoderWeight, encoderBias, decoderWeight, decoderBias};
  }

  /** Copies the first {@code count} floats of {@code from} into {@code to}. */
  static void copy(float[] from, FloatArray to, int count) {
    MemorySegment.copy(from, 0, to.getSegment(), ValueLayout.JAVA_FLOAT, 0, count);
  }

  /** Copies the first {@code count} floats of {@code from} into {@code to}. */
  static void copyToHost(FloatArray from, float[] to, int count) {
    MemorySegment.copy(from.getSegment(), ValueLayout.JAVA_FLOAT, 0, to, 0, count);
  }

  private static void copy(float[] from, FloatArray to) {
    copy(from, to, from.length);
  }

  private static float[] heap(FloatArray a) {
    return a.getSegment().toArray(ValueLayout.JAVA_FLOAT);
  }
}
