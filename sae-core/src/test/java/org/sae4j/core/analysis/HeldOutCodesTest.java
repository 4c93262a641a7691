package org.sae4j.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sae4j.harvest.TokenWindow;
import org.sae4j.kernels.SparseCodes;

class HeldOutCodesTest {

  @Test
  void givesBackTheCodesOfWindowsInWindowThenPositionOrder() {
    HeldOutCodes store = new HeldOutCodes(4);
    SparseCodes codes = new SparseCodes();
    codes.reset(4);
    // Rows: window 8 positions 2, 1; window 3 position 1; window 8 position 3 (out of order on purpose).
    codes.add(5, 0.5f);
    codes.endRow();
    codes.add(1, 1f);
    codes.add(7, 2f);
    codes.endRow();
    codes.endRow();
    codes.add(2, 3f);
    codes.endRow();
    store.observe(new HeldOutBatch(4, 1, new float[4], new float[4], codes, new int[] {10, 11, 12, 13},
        new long[] {8, 8, 3, 8}, new int[] {2, 1, 1, 3}));
    SparseCodes out = store.codes(List.of(new TokenWindow(8, new int[] {101, 11, 10, 13, 102}),
        new TokenWindow(3, new int[] {101, 12, 102})));
    assertThat(out.rows()).isEqualTo(4);
    assertThat(out.index(out.start(0))).isEqualTo(1);
    assertThat(out.value(out.start(0) + 1)).isEqualTo(2f);
    assertThat(out.index(out.start(1))).isEqualTo(5);
    assertThat(out.index(out.start(2))).isEqualTo(2);
    assertThat(out.end(3) - out.start(3)).isZero();
    assertThatThrownBy(() -> store.codes(List.of(new TokenWindow(3, new int[] {101, 12, 14, 102}))))
        .hasMessageContaining("held-out window 3 position 2 was not in the evaluation's pass");
  }
}
