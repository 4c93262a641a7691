package org.sae4j.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgLineTest {

  @Test
  void splits_at_runs_of_whitespace() {
    assertThat(ArgLine.split("  -Xmx2g\t-Da=b \n -ea  ")).containsExactly("-Xmx2g", "-Da=b", "-ea");
  }

  @Test
  void keeps_quoted_whitespace_and_drops_the_quotes() {
    assertThat(ArgLine.split("-Dmsg=\"hello world\" '-Dpath=/a b/c' -Dx=\"it's\""))
        .containsExactly("-Dmsg=hello world", "-Dpath=/a b/c", "-Dx=it's");
  }

  @Test
  void empty_quotes_give_an_empty_argument() {
    assertThat(ArgLine.split("-a \"\" -b")).containsExactly("-a", "", "-b");
  }

  @Test
  void keeps_backslashes_for_windows_paths() {
    assertThat(ArgLine.split("-Djava.io.tmpdir=C:\\Temp\\sae")).containsExactly("-Djava.io.tmpdir=C:\\Temp\\sae");
  }

  @Test
  void null_or_blank_line_gives_no_arguments() {
    assertThat(ArgLine.split(null)).isEmpty();
    assertThat(ArgLine.split("   ")).isEmpty();
  }

  @Test
  void rejects_unclosed_quote_naming_it() {
    assertThatThrownBy(() -> ArgLine.split("-Xmx1g \"-Da=b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unclosed \" quote")
        .hasMessageContaining("-Xmx1g \"-Da=b");
  }

  @Test
  void replaces_late_properties_with_their_values() {
    Map<String, String> props = Map.of("argLine", "-javaagent:/x/agent.jar=dest=/t/a b.exec", "heap", "3g");
    assertThat(ArgLine.interpolate("@{argLine} -Xmx@{heap}", props::get))
        .isEqualTo("-javaagent:/x/agent.jar=dest=/t/a b.exec -Xmx3g");
  }

  @Test
  void keeps_dollar_and_backslash_in_property_values_literal() {
    assertThat(ArgLine.interpolate("@{p}", Map.of("p", "a$1\\b")::get)).isEqualTo("a$1\\b");
  }

  @Test
  void rejects_undefined_late_property_naming_it() {
    assertThatThrownBy(() -> ArgLine.interpolate("-ea @{jacocoAgent}", Map.<String, String>of()::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("@{jacocoAgent}");
  }

  @Test
  void null_line_interpolates_to_empty() {
    assertThat(ArgLine.interpolate(null, name -> "x")).isEmpty();
  }
}
