package org.sae4j.core.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sae4j.core.checkpoint.SafetensorsFile;
import org.sae4j.core.checkpoint.Tensor;

class TensorComparisonTest {

  private static SafetensorsFile file(Map<String, String> metadata, Tensor... tensors) {
    Map<String, Tensor> byName = new LinkedHashMap<>();
    for (Tensor t : tensors) {
      byName.put(t.name(), t);
    }
    return new SafetensorsFile(Path.of("x.safetensors"), byName, metadata);
  }

  private static SafetensorsFile file(Tensor... tensors) {
    return file(Map.of("format", "pt"), tensors);
  }

  @Test
  void equal_bits_are_identical_even_for_nan_and_header_order() {
    SafetensorsFile a = file(Tensor.of("w", new float[] {1, Float.NaN, -0f}, 3), Tensor.of("b", new float[] {2}, 1));
    SafetensorsFile b = file(Tensor.of("b", new float[] {2}, 1), Tensor.of("w", new float[] {1, Float.NaN, -0f}, 3));

    assertThat(TensorComparison.firstDifference("f", a, b)).isEmpty();
  }

  @Test
  void negative_zero_differs_from_zero_and_the_first_differing_tensor_in_recorded_order_is_named() {
    SafetensorsFile a = file(Tensor.of("w", new float[] {1, 2, 3, 4, 5, 6}, 2, 3), Tensor.of("b", new float[] {0}, 1));
    SafetensorsFile b = file(Tensor.of("w", new float[] {1, 2, 3, 4, 5, 7}, 2, 3), Tensor.of("b", new float[] {-0f}, 1));

    assertThat(TensorComparison.firstDifference("f", a, b)).hasValue("f: tensor 'w' [2, 3] differs first at flat index"
        + " 5, element [1, 2]: recorded 6.0 (bits 0x40c00000), reproduced 7.0 (bits 0x40e00000); 1 of 6 elements of"
        + " this tensor differ; other tensors that differ: b");
  }

  @Test
  void missing_tensors_shapes_and_metadata_are_named() {
    Tensor w = Tensor.of("w", new float[] {1, 2}, 2);
    assertThat(TensorComparison.firstDifference("f", file(w), file(Tensor.of("v", new float[] {1, 2}, 2))))
        .hasValue("f: the tensors differ: only recorded [w], only reproduced [v]");
    assertThat(TensorComparison.firstDifference("f", file(w), file(Tensor.of("w", new float[] {1, 2}, 1, 2))))
        .hasValue("f: tensor 'w' has shape [2] recorded but [1, 2] reproduced; no other tensor differs");
    assertThat(TensorComparison.firstDifference("f", file(Map.of("step", "140"), w), file(Map.of("step", "141"), w)))
        .hasValue("f: __metadata__ 'step' is '140' recorded but '141' reproduced");
    assertThat(TensorComparison.firstDifference("f", file(Map.of(), w), file(Map.of("step", "1"), w)))
        .hasValue("f: __metadata__ 'step' is absent recorded but '1' reproduced");
  }

  @Test
  void position_unravels_row_major_indices() {
    assertThat(TensorComparison.position(new long[] {16, 8}, 37)).containsExactly(4, 5);
    assertThat(TensorComparison.position(new long[] {5}, 3)).containsExactly(3);
    assertThat(TensorComparison.position(new long[] {2, 3, 4}, 23)).containsExactly(1, 2, 3);
    assertThat(TensorComparison.position(new long[] {2, 3, 4}, 0)).containsExactly(0, 0, 0);
  }
}
