package org.sae4j.harvest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The autograd gradient of a pooled output with respect to a hook, against finite differences of the model. */
class HookGradientTest {

    private static TransformerModel model;
    private static List<TokenWindow> windows;
    private static float[] target;

    @BeforeAll
    static void load() throws IOException {
        model = EncoderModel.load("all-minilm-l6-v2");
        windows = List.of(model.tokenise(0, BertEncoderOracleTest.SENTENCES.get(0)),
                model.tokenise(1, BertEncoderOracleTest.SENTENCES.get(3)));
        target = model.pooledEmbeddings(List.of(model.tokenise(0, "a whale ship at sea")))[0];
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static double m(float[] embedding) {
        double dot = 0;
        double nt = 0;
        for (int i = 0; i < embedding.length; i++) {
            dot += (double) embedding[i] * target[i];
            nt += (double) target[i] * target[i];
        }
        return dot / Math.sqrt(nt); // embeddings are unit vectors
    }

    @Test
    void gradient_matches_central_differences_along_a_random_direction_at_every_hook_depth() {
        for (HookPoint hook : List.of(HookPoint.residPost(1), HookPoint.residPost(3), HookPoint.residPost(5))) {
            HookGradient g = model.gradient(windows, hook, target);
            float[][] clean = model.pooledEmbeddings(windows);
            assertThat(g.values()[0]).isCloseTo((float) m(clean[0]), within(1e-5f));
            assertThat(g.values()[1]).isCloseTo((float) m(clean[1]), within(1e-5f));

            float[] x = model.read(windows, hook).rows();
            int firstWindowValues = windows.getFirst().contentLength() * g.hidden();
            float[] v = new float[x.length];
            SplittableRandom random = new SplittableRandom(11);
            double predicted = 0;
            for (int k = 0; k < firstWindowValues; k++) {
                v[k] = (float) random.nextGaussian();
                predicted += (double) v[k] * g.gradient()[k];
            }
            double eps = 1e-2;
            double up = m(shifted(hook, x, v, eps)[0]);
            double down = m(shifted(hook, x, v, -eps)[0]);
            double measured = (up - down) / (2 * eps);
            assertThat(measured).as("hook %s", hook).isCloseTo(predicted, within(0.02 * Math.abs(predicted) + 1e-4));
            // the second window's M does not depend on the first window's rows
            float[][] both = shifted(hook, x, v, eps);
            assertThat(m(both[1])).isCloseTo(m(clean[1]), within(1e-5));
        }
    }

    private static float[][] shifted(HookPoint hook, float[] x, float[] v, double eps) {
        return model.pooledEmbeddings(windows, hook, (first, count, rows) -> {
            float[] out = new float[rows.length];
            for (int k = 0; k < rows.length; k++) {
                out[k] = (float) (x[k] + eps * v[k]);
            }
            return out;
        });
    }
}
