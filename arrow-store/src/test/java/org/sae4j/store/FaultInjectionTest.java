package org.sae4j.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

    @Test
    void halts_like_sigkill_at_the_armed_pass_of_the_armed_point() throws Exception {
        Process p = ChildJvm.start(ChildJvm.FaultPasser.class, List.of("-D" + FaultInjection.PROPERTY + "=test.point:2"));
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(FaultInjection.EXIT_STATUS);
        assertThat(out).contains("pass 1", "pass 2", "FAULT injected at test.point (pass 2)")
                .doesNotContain("pass 3").doesNotContain("finished");
    }

    @Test
    void does_nothing_when_another_point_is_armed() throws Exception {
        Process p = ChildJvm.start(ChildJvm.FaultPasser.class, List.of("-D" + FaultInjection.PROPERTY + "=other:1"));
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("finished");
    }
}
