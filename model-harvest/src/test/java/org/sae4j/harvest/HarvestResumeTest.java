package org.sae4j.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.store.ActivationStore;
import org.sae4j.store.ChildJvm;
import org.sae4j.store.FaultInjection;
import org.sae4j.store.Manifest;

/** A harvest killed after two shards resumes at the third and ends with an uninterrupted harvest's fingerprint. */
class HarvestResumeTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    /** The DJL settings surefire gives this JVM as system properties, which the child needs too. */
    private static List<String> djl(String fault) {
        List<String> flags = ChildJvm.flags();
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("ai.djl.")).sorted()
                .forEach(name -> flags.add("-D" + name + "=" + System.getProperty(name)));
        if (fault != null) {
            flags.add(ChildJvm.fault(fault));
        }
        return flags;
    }

    @Test
    void a_harvest_killed_after_two_shards_resumes_at_the_third_with_the_same_fingerprint() throws Exception {
        Manifest expected;
        try (ActivationStore store = Harvester.open(HarvestMain.REQUEST, dir.resolve("reference"),
                HarvestMain.OPTIONS, line -> { })) {
            expected = store.manifest();
        }
        assertThat(expected.shards()).hasSize(4);
        Path data = dir.resolve("data");
        Path partial = dir.resolve("data.partial");

        ChildJvm.Result killed = ChildJvm.run(TIMEOUT, HarvestMain.class, djl("shard.done:2"), data.toString());
        assertThat(killed.exitCode()).as(killed.output()).isEqualTo(FaultInjection.EXIT_STATUS);
        assertThat(data).doesNotExist();
        Object first = fileKey(partial.resolve("shard-00000.arrow"));
        Object second = fileKey(partial.resolve("shard-00001.arrow"));
        assertThat(partial.resolve("shard-00002.arrow")).doesNotExist();

        ChildJvm.Result resumed = ChildJvm.run(TIMEOUT, HarvestMain.class, djl(null), data.toString());
        assertThat(resumed.exitCode()).as(resumed.output()).isZero();
        assertThat(resumed.output()).contains("keeping 2 finished shard(s), 1,000 rows")
                .contains("resuming at token 1,000").contains("fingerprint " + expected.fingerprint());
        // The kept shards were moved with their directory, not written again.
        assertThat(fileKey(data.resolve("shard-00000.arrow"))).isEqualTo(first);
        assertThat(fileKey(data.resolve("shard-00001.arrow"))).isEqualTo(second);
        assertThat(Manifest.read(data.resolve(Manifest.FILE_NAME))).isEqualTo(expected);
        assertThat(partial).doesNotExist();
    }

    private static Object fileKey(Path file) throws Exception {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }
}
