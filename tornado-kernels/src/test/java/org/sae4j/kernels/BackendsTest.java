package org.sae4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Choosing a backend by name and by the activation rule it is to run. */
class BackendsTest {

  /** An available backend preferred over the JVM one that runs only {@code rules}. */
  private record Fast(Set<String> rules) implements BackendProvider {
    @Override
    public String name() {
      return "fast";
    }

    @Override
    public int priority() {
      return 10;
    }

    @Override
    public Availability availability() {
      return Availability.yes("a fast device");
    }

    @Override
    public boolean runs(String ruleName) {
      return rules.contains(ruleName);
    }

    @Override
    public Backend create(SaeParameters initial, AdamState adam, BackendOptions options) {
      throw new UnsupportedOperationException("not built in these tests");
    }
  }

  private static final List<BackendProvider> PROVIDERS = List.of(new Fast(Set.of("relu", "topk")),
      new JvmBackendProvider());

  @Test
  void auto_passes_over_a_preferred_backend_that_does_not_run_the_rule_and_says_why() {
    List<String> log = new ArrayList<>();
    assertThat(Backends.select(PROVIDERS, "auto", "batchtopk", log::add).name()).isEqualTo("jvm");
    assertThat(log).first().isEqualTo("backend: auto skips fast: it does not run the batchtopk architecture");
    assertThat(log).last().asString().startsWith("backend: auto chose jvm");
    assertThat(Backends.select(PROVIDERS, "auto", "topk", log::add).name()).isEqualTo("fast");
    assertThat(Backends.select(PROVIDERS, "auto", null, log::add).name()).isEqualTo("fast");
  }

  @Test
  void a_named_backend_that_does_not_run_the_rule_fails_naming_it() {
    assertThatThrownBy(() -> Backends.select(PROVIDERS, "fast", "jumprelu", line -> { }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backend 'fast' does not run the jumprelu architecture; use backend: jvm or auto");
    assertThat(Backends.select(PROVIDERS, "jvm", "jumprelu", line -> { }).name()).isEqualTo("jvm");
  }

  @Test
  void auto_fails_when_no_backend_runs_the_rule() {
    assertThatThrownBy(() -> Backends.select(List.of(new Fast(Set.of("relu"))), "auto", "topk", line -> { }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no backend is available for the topk architecture; registered: [fast]");
  }
}
