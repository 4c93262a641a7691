package org.sae4j.kernels.tornadovm;

import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/** Zero-filled TornadoVM arrays. */
final class Buffers {

  private Buffers() {
  }

  static FloatArray floats(int size) {
    FloatArray a = new FloatArray(size);
    a.init(0f);
    return a;
  }

  static IntArray ints(int size) {
    IntArray a = new IntArray(size);
    a.init(0);
    return a;
  }
}
