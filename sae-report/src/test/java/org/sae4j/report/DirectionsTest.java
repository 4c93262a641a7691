package org.sae4j.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Nearest features and aligned tokens, all queries in one pass, against planted directions and a plain scan. */
class DirectionsTest {
  private static final int N = 24;
  private static final ReportThreads ONE = new ReportThreads(1);

  @Test
  void aPlantedCopyIsTheNearestFeatureAndAPlantedTokenTheBestAligned() throws Exception {
    SplittableRandom random = new SplittableRandom(3);
    float[] decoder = uniform(random, 40 * N);
    float[] embeddings = uniform(random, 300 * N);
    // Feature 7 is twice feature 31 (cosine 1); feature 12 points along token 250's embedding.
    for (int j = 0; j < N; j++) {
      decoder[7 * N + j] = 2 * decoder[31 * N + j];
      decoder[12 * N + j] = 0.5f * embeddings[250 * N + j];
    }
    Directions d = new Directions(decoder, N);
    int[] queries = {7, 12, 31};
    List<List<Directions.Scored>> near = d.nearestFeatures(queries, 5, ONE);
    assertThat(near.get(0).get(0).id()).isEqualTo(31);
    assertThat(near.get(0).get(0).cosine()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(near.get(2).get(0).id()).isEqualTo(7);
    assertThat(near.get(1)).extracting(Directions.Scored::id).doesNotContain(12);
    List<List<Directions.Scored>> aligned = d.alignedTokens(queries, Directions.normalised(embeddings, N), 3, ONE);
    assertThat(aligned.get(1).get(0).id()).isEqualTo(250);
    assertThat(aligned.get(1).get(0).cosine()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
  }

  @Test
  void everyQueryGetsTheSameTopListAndBitsAsAScanOfItsOwnOnAnyThreadCount() throws Exception {
    SplittableRandom random = new SplittableRandom(11);
    float[] decoder = uniform(random, 64 * N);
    float[] against = Directions.normalised(uniform(random, 500 * N), N);
    Directions d = new Directions(decoder, N);
    float[] unit = Directions.normalised(decoder, N);
    // More queries than one block, some twice, scanned on three threads.
    int[] queries = new int[150];
    for (int a = 0; a < queries.length; a++) {
      queries[a] = (a * 37) % 64;
    }
    List<List<Directions.Scored>> all;
    try (ReportThreads three = new ReportThreads(3)) {
      all = d.alignedTokens(queries, against, 6, three);
    }
    assertThat(all).hasSize(queries.length).isEqualTo(d.alignedTokens(queries, against, 6, ONE));
    for (int a = 0; a < queries.length; a++) {
      List<Directions.Scored> got = all.get(a);
      assertThat(got).hasSize(6);
      for (int i = 0; i < got.size(); i++) {
        Directions.Scored s = got.get(i);
        assertThat((float) s.cosine()).isEqualTo(dot(unit, queries[a], against, s.id()));
        if (i > 0) {
          assertThat(s.cosine()).isLessThanOrEqualTo(got.get(i - 1).cosine());
        }
      }
      float sixth = (float) got.get(5).cosine();
      long better = 0;
      for (int r = 0; r < 500; r++) {
        if (dot(unit, queries[a], against, r) > sixth) {
          better++;
        }
      }
      assertThat(better).isLessThanOrEqualTo(5);
    }
  }

  /** The plain float dot product in ascending order, what each cosine must equal bit for bit. */
  private static float dot(float[] unit, int q, float[] against, int r) {
    float s = 0;
    for (int j = 0; j < N; j++) {
      s += unit[q * N + j] * against[r * N + j];
    }
    return s;
  }

  private static float[] uniform(SplittableRandom random, int length) {
    float[] v = new float[length];
    for (int i = 0; i < length; i++) {
      v[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return v;
  }
}
