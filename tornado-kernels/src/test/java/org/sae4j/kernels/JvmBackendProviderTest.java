package org.sae4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code jvm} provider is registered, always available here, and describes the CPU. */
class JvmBackendProviderTest {

  @Test
  void is_found_by_service_loader_and_chosen_by_name_and_by_auto() {
    List<String> log = new ArrayList<>();
    assertThat(Backends.select("jvm", log::add)).isInstanceOf(JvmBackendProvider.class);
    assertThat(Backends.providers()).anyMatch(p -> p.name().equals("jvm") && p.priority() == 0);
    assertThat(Backends.select("auto", log::add).availability().available()).isTrue();
  }

  @Test
  void availability_names_the_threads_and_the_vector_width() {
    BackendProvider.Availability a = new JvmBackendProvider().availability();
    assertThat(a.available()).isTrue();
    assertThat(a.reason()).matches("CPU, \\d+ threads, (128|256|512)-bit vectors");
  }

  @Test
  void the_backend_names_itself_and_its_thread_count() {
    try (Backend b = new JvmBackendProvider().create(TestData.parameters(3, 4, 1), AdamState.initial(3, 4),
        TestData.options(3, 2))) {
      assertThat(b.name()).isEqualTo("jvm");
      assertThat(b.device()).startsWith("CPU, 3 threads, ");
      assertThat(b.inputDim()).isEqualTo(3);
      assertThat(b.features()).isEqualTo(4);
    }
  }
}
