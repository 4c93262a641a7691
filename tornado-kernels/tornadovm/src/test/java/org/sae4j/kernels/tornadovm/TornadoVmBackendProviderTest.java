package org.sae4j.kernels.tornadovm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.StepInput;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.BackendProvider;
import org.sae4j.kernels.Backends;
import org.sae4j.kernels.JvmBackendProvider;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.kernels.SparseCodes;
import org.sae4j.kernels.TestData;
import org.sae4j.kernels.Tolerance;

/** Discovery, device choice, the forward pass and the life cycle of the TornadoVM backend. */
class TornadoVmBackendProviderTest {

  private static BackendProvider availableProvider() {
    BackendProvider p = new TornadoVmBackendProvider(null);
    assumeTrue(p.availability().available(), p.availability().reason());
    return p;
  }

  @Test
  void is_registered_under_its_name_and_preferred_over_the_jvm_backend() {
    List<BackendProvider> all = Backends.providers();
    assertThat(all).extracting(BackendProvider::name).startsWith(TornadoVmBackendProvider.NAME)
        .contains(JvmBackendProvider.NAME);
    assertThat(all.getFirst().priority()).isGreaterThan(new JvmBackendProvider().priority());
  }

  @Test
  void auto_chooses_tornadovm_when_a_device_is_present_and_names_it() {
    BackendProvider p = availableProvider();
    StringBuilder log = new StringBuilder();
    assertThat(Backends.select("auto", log::append).name()).isEqualTo(TornadoVmBackendProvider.NAME);
    assertThat(log.toString()).contains("auto chose tornadovm").contains(p.availability().reason());
    assertThat(p.availability().reason()).contains("via TornadoVM");
  }

  @Test
  void auto_passes_over_tornadovm_for_an_architecture_it_does_not_run_and_picks_it_for_one_it_does() {
    List<String> log = new ArrayList<>();
    assertThat(Backends.select("auto", "batchtopk", log::add).name()).isEqualTo(JvmBackendProvider.NAME);
    assertThat(log).contains("backend: auto skips tornadovm: it does not run the batchtopk architecture");
    assertThatThrownBy(() -> Backends.select(TornadoVmBackendProvider.NAME, "jumprelu", line -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not run the jumprelu architecture");
    availableProvider();
    assertThat(Backends.select("auto", "topk", log::add).name()).isEqualTo(TornadoVmBackendProvider.NAME);
    assertThat(Backends.select("auto", "relu", log::add).name()).isEqualTo(TornadoVmBackendProvider.NAME);
  }

  @Test
  void an_unknown_device_address_is_unavailable_and_lists_the_devices() {
    availableProvider();
    BackendProvider.Availability a = new TornadoVmBackendProvider("7:3").availability();
    assertThat(a.available()).isFalse();
    assertThat(a.reason()).contains("'7:3' does not exist").contains("0:0 (");
    assertThatThrownBy(() -> new TornadoVmBackendProvider("seven").create(SaeParameters.zeros(2, 3),
        AdamState.initial(2, 3), TestData.options(1, 4)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'seven' does not exist");
  }

  @Test
  void forward_before_and_after_a_step_matches_the_jvm_backend_and_changes_nothing() {
    int n = 17;
    int m = 41;
    int rows = 9;
    SaeParameters init = TestData.parameters(n, m, 3);
    AdamState adam = AdamState.initial(n, m);
    try (Backend device = availableProvider().create(init, adam, TestData.options(1, rows));
         Backend jvm = new JvmBackendProvider().create(init, adam, TestData.options(1, rows))) {
      float[] x = TestData.batch(rows, n, 8);
      assertForwardMatches(device, jvm, TestData.batch(rows - 2, n, 9), rows - 2);
      assertThat(device.parameters()).isEqualTo(init);
      assertThat(device.adamState().step()).isZero();
      device.step(x, rows, new StepInput(1e-3, 1.0));
      jvm.step(x, rows, new StepInput(1e-3, 1.0));
      // Forward before any copy back: it must read the trained parameters on the device.
      assertForwardMatches(device, jvm, x, rows);
      SaeParameters before = device.parameters();
      assertForwardMatches(device, jvm, x, rows);
      assertThat(device.parameters()).isEqualTo(before);
    }
  }

  private static void assertForwardMatches(Backend device, Backend jvm, float[] x, int rows) {
    int n = device.inputDim();
    float[] got = new float[rows * n];
    float[] want = new float[rows * n];
    SparseCodes gotCodes = new SparseCodes();
    SparseCodes wantCodes = new SparseCodes();
    device.forward(x, rows, got, gotCodes);
    jvm.forward(x, rows, want, wantCodes);
    Tolerance.assertClose("reconstruction", got, want, 1e-4, 1e-2);
    assertThat(gotCodes.rows()).isEqualTo(rows);
    assertThat(gotCodes.size()).isEqualTo(wantCodes.size()).isPositive();
    float[] gotValues = new float[wantCodes.size()];
    float[] wantValues = new float[wantCodes.size()];
    for (int t = 0; t < rows; t++) {
      assertThat(gotCodes.end(t)).as("end of row %d", t).isEqualTo(wantCodes.end(t));
    }
    for (int k = 0; k < wantCodes.size(); k++) {
      assertThat(gotCodes.index(k)).as("active feature %d", k).isEqualTo(wantCodes.index(k));
      gotValues[k] = gotCodes.value(k);
      wantValues[k] = wantCodes.value(k);
    }
    Tolerance.assertClose("activations", gotValues, wantValues, 1e-4, 1e-2);
  }

  @Test
  void rejects_a_batch_larger_than_its_buffers_and_any_use_after_close() {
    Backend b = availableProvider().create(TestData.parameters(4, 6, 1), AdamState.initial(4, 6), TestData.options(1, 3));
    assertThatThrownBy(() -> b.step(new float[16], 4, new StepInput(1e-3, 1.0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rows is 4, expected 1..3");
    assertThat(b.parameters()).isEqualTo(TestData.parameters(4, 6, 1));
    b.close();
    b.close();
    assertThatThrownBy(() -> b.step(new float[12], 3, new StepInput(1e-3, 1.0)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
