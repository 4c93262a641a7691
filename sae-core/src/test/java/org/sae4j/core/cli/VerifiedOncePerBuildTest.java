package org.sae4j.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine JVMs of one build (here: of this test JVM, see {@link EngineProcess}) hash a data set once; a file
 * changed after it was stamped is hashed again and fails verification, even with its size and mtime restored (the
 * change time gives it away).
 */
class VerifiedOncePerBuildTest {
  @TempDir
  Path dir;

  @Test
  void later_goals_reuse_the_verification_and_a_changed_shard_is_still_found() throws Exception {
    Path descriptor = dir.resolve("once.yaml");
    Files.writeString(descriptor, """
        name: once
        seed: 3
        data:
          source: synthetic
          tokens: 12000
          evalTokens: 2000
          dim: 8
          trueFeatures: 16
        sae:
          features: 32
        training:
          batchSize: 100
          lr: 3.0e-3
          l1: 1.0
        """);
    Path out = dir.resolve("out");
    EngineProcess.Outcome generate = fork("generate", descriptor, out);
    assertThat(generate.exitStatus()).as(generate.describe()).isZero();
    assertThat(generate.printed("verified earlier in this build")).isFalse();
    EngineProcess.Outcome train = fork("train", descriptor, out);
    assertThat(train.exitStatus()).as(train.describe()).isZero();
    assertThat(train.printed("2 file(s) verified earlier in this build")).as(train.describe()).isTrue();

    Path shard;
    try (Stream<Path> files = Files.walk(out.resolve("data"))) {
      shard = files.filter(p -> p.getFileName().toString().equals("shard-00000.arrow")).findFirst().orElseThrow();
    }
    FileTime modified = Files.getLastModifiedTime(shard);
    byte[] bytes = Files.readAllBytes(shard);
    bytes[bytes.length / 2] ^= 1;
    Files.write(shard, bytes);
    Files.setLastModifiedTime(shard, modified);

    // Generated data that does not verify is produced again (the same bits), so evaluation still succeeds.
    EngineProcess.Outcome evaluate = fork("evaluate", descriptor, out);
    assertThat(evaluate.printed("is not valid (" + shard + ": SHA-256 is")).as(evaluate.describe()).isTrue();
    assertThat(evaluate.printed("verified earlier in this build")).as(evaluate.describe()).isFalse();
    assertThat(evaluate.exitStatus()).as(evaluate.describe()).isZero();
  }

  private EngineProcess.Outcome fork(String command, Path descriptor, Path out) throws Exception {
    return EngineProcess.run(List.of(), List.of(command, "--descriptor", descriptor.toString(), "--output",
        out.toString(), "--threads", "1"), line -> false, dir.resolve("logs").resolve(command + ".log"));
  }
}
