package org.sae4j.sweep.fit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FrontierTest {

  record P(String id, double c, double l) {
  }

  @Test
  void keeps_the_points_no_cheaper_point_beats() {
    List<P> points = List.of(new P("a", 1, 5), new P("b", 2, 6), new P("c", 2, 4), new P("d", 3, 4.5),
        new P("e", 4, 3), new P("f", 0.5, 9));
    assertThat(Frontier.of(points, P::c, P::l).stream().map(P::id)).containsExactly("f", "a", "c", "e");
  }
}
