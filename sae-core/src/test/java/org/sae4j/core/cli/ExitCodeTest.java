package org.sae4j.core.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.harvest.CorpusText;
import org.sae4j.store.StoreException;

/** Which failures are the user's input (exit 2) and which are the run's (exit 1). */
class ExitCodeTest {

  @Test
  void descriptor_and_data_errors_are_invalid_input_even_when_wrapped() {
    assertThat(ExitCode.of(new DescriptorException(Path.of("/x.yaml"), "data.model", 4, 3, "unknown", "")))
        .isEqualTo(ExitCode.INVALID);
    assertThat(ExitCode.of(new StoreException("shard-0.arrow: SHA-256 differs"))).isEqualTo(ExitCode.INVALID);
    assertThat(ExitCode.of(new UncheckedIOException(new StoreException("truncated")))).isEqualTo(ExitCode.INVALID);
    assertThat(ExitCode.of(new IllegalArgumentException("backend 'tornadovm' is not available")))
        .isEqualTo(ExitCode.INVALID);
  }

  @Test
  void undecodable_corpus_text_and_broken_gzip_are_invalid_input() {
    assertThat(ExitCode.of(new IOException("corpus a.txt: read failed", new MalformedInputException(1))))
        .isEqualTo(ExitCode.INVALID);
    assertThat(ExitCode.of(new IOException("corpus a.txt.gz is not valid gzip", new ZipException("bad header"))))
        .isEqualTo(ExitCode.INVALID);
  }

  @Test
  void a_corpus_file_that_is_not_utf8_text_is_invalid_input(@TempDir Path dir) throws IOException {
    Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xe9, '\n'});
    Path packed = Files.write(dir.resolve("packed.txt"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3});

    for (Path file : List.of(latin1, packed)) {
      IOException e = assertThrows(IOException.class, () -> CorpusText.check(file));
      assertThat(ExitCode.of(e)).as(e.getMessage()).isEqualTo(ExitCode.INVALID);
    }
  }

  @Test
  void failures_of_the_run_exit_1() {
    assertThat(ExitCode.of(new IOException("No space left on device"))).isEqualTo(ExitCode.FAILED);
    assertThat(ExitCode.of(new FileAlreadyExistsException("/out"))).isEqualTo(ExitCode.FAILED);
    assertThat(ExitCode.of(new IllegalStateException("training step diverged"))).isEqualTo(ExitCode.FAILED);
    assertThat(ExitCode.of(new IOException("run.json not found; train first", new NoSuchFileException("run.json"))))
        .isEqualTo(ExitCode.FAILED);
    assertThat(ExitCode.of(new NullPointerException())).isEqualTo(ExitCode.FAILED);
  }

  @Test
  void an_illegal_argument_deep_in_a_library_is_not_taken_for_the_users() {
    assertThat(ExitCode.of(new IOException("harvest batch failed", new IllegalArgumentException("shape"))))
        .isEqualTo(ExitCode.FAILED);
  }

  @Test
  void a_cyclic_cause_chain_ends() {
    IOException a = new IOException("a");
    IOException b = new IOException("b", a);
    a.initCause(b);
    assertThat(ExitCode.of(a)).isEqualTo(ExitCode.FAILED);
    assertThat(ExitCode.chain(a)).hasSizeLessThanOrEqualTo(32);
  }

  @Test
  void terse_file_errors_say_what_kind_they_are() {
    assertThat(ExitCode.message(new FileAlreadyExistsException("/out"))).isEqualTo("FileAlreadyExistsException: /out");
    assertThat(ExitCode.message(new StoreException("shard-0.arrow: truncated"))).isEqualTo("shard-0.arrow: truncated");
  }
}
