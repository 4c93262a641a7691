package org.sae4j.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hand-written TorchScript archive loads in libtorch, and its bfloat16 linear layer computes what it says. */
class Bf16LinearTest {

    @BeforeAll
    static void loadPyTorch() {
        Engine.getEngine("PyTorch");
    }

    @Test
    void data_pickle_is_the_object_libtorch_pickles_for_a_module_with_only_training() {
        // PROTO 2, GLOBAL '__torch__\nM\n', EMPTY_TUPLE, NEWOBJ, EMPTY_DICT, MARK, BINUNICODE(8) 'training',
        // NEWFALSE, SETITEMS, BUILD, STOP.
        String expected = "8002" + hex("c__torch__\nM\n") + "29" + "81" + "7d" + "28" + "5808000000" + hex("training")
                + "89" + "75" + "62" + "2e";
        assertThat(HexFormat.of().formatHex(TorchScriptArchive.data("M"))).isEqualTo(expected);
        assertThat(HexFormat.of().formatHex(TorchScriptArchive.constants())).isEqualTo("8002292e");
    }

    @Test
    void bf16_linear_matches_a_float64_product_of_the_rounded_operands_within_one_bf16_step() {
        Random random = new Random(7);
        int rows = 37;
        int in = 101;
        int out = 19;
        float[] x = gaussian(random, rows * in, 1f);
        float[] w = gaussian(random, out * in, 0.1f);
        float[] b = gaussian(random, out, 0.5f);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                Bf16Linear linear = new Bf16Linear(manager)) {
            NDArray xs = manager.create(x, new Shape(rows, in));
            float[] y = linear.apply(xs, linear.weight(manager.create(w, new Shape(out, in))),
                    linear.weight(manager.create(b))).toFloatArray();
            assertThat(y).hasSize(rows * out);
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < out; o++) {
                    double sum = bf16(b[o]);
                    for (int i = 0; i < in; i++) {
                        sum += (double) bf16(x[r * in + i]) * bf16(w[o * in + i]);
                    }
                    float got = y[r * out + o];
                    // The result is a bfloat16 value widened: its low 16 bits are zero.
                    assertThat(Float.floatToRawIntBits(got) & 0xffff).as("low bits of y[%d,%d]", r, o).isZero();
                    // Float32 accumulation in another order may land on the neighbouring bfloat16 value.
                    assertThat(Math.abs(got - sum)).as("y[%d,%d] = %s, float64 %s", r, o, got, sum)
                            .isLessThanOrEqualTo(bf16Step((float) sum));
                }
            }
        }
    }

    /** {@code v} rounded to the nearest bfloat16 (ties to even), as a float. */
    static float bf16(float v) {
        int bits = Float.floatToRawIntBits(v);
        int rounded = bits + 0x7fff + (bits >>> 16 & 1);
        return Float.intBitsToFloat(rounded & 0xffff0000);
    }

    /** The gap between bfloat16 values (8 significant bits) around {@code v}. */
    private static float bf16Step(float v) {
        return Math.ulp(v) * 65536f;
    }

    private static float[] gaussian(Random random, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextGaussian() * scale;
        }
        return a;
    }

    private static String hex(String ascii) {
        return HexFormat.of().formatHex(ascii.getBytes(StandardCharsets.US_ASCII));
    }
}
