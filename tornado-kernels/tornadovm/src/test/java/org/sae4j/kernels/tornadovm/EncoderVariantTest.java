package org.sae4j.kernels.tornadovm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.WorkerGrid;
import uk.ac.manchester.tornado.api.enums.TornadoDeviceType;

/** The encoder's choice per device type, its property's spelling, and the local kernel's grid. */
class EncoderVariantTest {

  @Test
  void gpus_get_the_local_memory_kernel_and_other_devices_the_register_tiled_one_unless_named() {
    assertThat(EncoderVariant.forDevice(TornadoDeviceType.GPU, null)).isEqualTo(EncoderVariant.LOCAL_TILED);
    assertThat(EncoderVariant.forDevice(TornadoDeviceType.CPU, " ")).isEqualTo(EncoderVariant.REGISTER_TILED_CPU);
    assertThat(EncoderVariant.forDevice(TornadoDeviceType.FPGA, null)).isEqualTo(EncoderVariant.REGISTER_TILED);
    assertThat(EncoderVariant.forDevice(TornadoDeviceType.GPU, "register:16x4"))
        .isEqualTo(new EncoderVariant(false, 16, 4));
    assertThat(EncoderVariant.forDevice(TornadoDeviceType.GPU, "register")).isEqualTo(EncoderVariant.REGISTER_TILED);
    assertThat(EncoderVariant.forDevice(TornadoDeviceType.CPU, "local:8x4"))
        .isEqualTo(new EncoderVariant(true, 8, 4));
    assertThat(EncoderVariant.forDevice(TornadoDeviceType.CPU, "local").description())
        .isEqualTo("encoder local-memory tiles 64 rows x 64 features x 16 (KernelContext, work-group 16x16)");
  }

  @Test
  void a_wrong_spelling_or_work_group_names_the_property_and_the_values() {
    for (String bad : new String[] {"tiled", "local:8", "local:0x4", "local:17x1", "local:axb", "register:65x1"}) {
      assertThatThrownBy(() -> EncoderVariant.forDevice(TornadoDeviceType.CPU, bad), bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageMatching(".*1\\.\\.(16|64).*");
    }
    assertThatThrownBy(() -> EncoderVariant.forDevice(TornadoDeviceType.CPU, "tiled"))
        .hasMessageContaining(EncoderVariant.PROPERTY + " is 'tiled'");
  }

  @Test
  void the_grid_covers_every_feature_and_row_in_whole_work_groups() {
    GridScheduler grid = new GridScheduler();
    new EncoderVariant(true, 8, 4).addGrid(grid, "g.encode", 101, 19);
    WorkerGrid w = grid.get("g.encode");
    // 101 features in groups of 32 → 4 groups of 8; 19 rows in groups of 16 → 2 groups of 4.
    assertThat(w.getGlobalWork()).startsWith(32L, 8L);
    assertThat(w.getLocalWork()).startsWith(8L, 4L);
  }
}
