package org.sae4j.core.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipException;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.reproduce.InvalidRunException;
import org.sae4j.harvest.CorpusFormatException;
import org.sae4j.store.StoreException;

/**
 * The CLI's exit codes, and which failures are the user's input rather than the run. Invalid input is a descriptor
 * error, a bad command line, a run directory that cannot be reproduced as given ({@link InvalidRunException}), or
 * data that cannot be used: a missing, unreadable, corrupt or mismatched data file ({@link StoreException}), text
 * that is not valid UTF-8 ({@link CharacterCodingException}), a corpus file that is not UTF-8 text (invalid UTF-8,
 * binary, or compressed under another name: {@link CorpusFormatException}) or a {@code .gz} that is not gzip
 * ({@link ZipException}), found anywhere in the chain of causes. Everything else is a failure of the run: a write
 * that fails, a full disk, a locked directory, a missing or stale earlier stage (train before evaluate), a diverged
 * training, running out of memory, or a bug.
 */
final class ExitCode {
  /** The command succeeded (for {@code check} and {@code run}: every goal was met). */
  static final int OK = 0;
  /** The run failed or missed a goal. */
  static final int FAILED = 1;
  /** The input is invalid: arguments, descriptor or data. */
  static final int INVALID = 2;

  /** Causes looked at, so a cyclic chain cannot loop. */
  private static final int MAX_CAUSES = 32;

  private ExitCode() {
  }

  /** {@link #INVALID} or {@link #FAILED} for what ended a command. */
  static int of(Throwable failure) {
    // An IllegalArgumentException is the engine refusing a value it was given (a backend that is not available, a
    // parameter out of range); deeper in a chain it is some library's, so only the outermost one counts.
    if (failure instanceof IllegalArgumentException) {
      return INVALID;
    }
    for (Throwable t : chain(failure)) {
      if (t instanceof DescriptorException || t instanceof StoreException || t instanceof InvalidRunException
          || t instanceof CharacterCodingException || t instanceof CorpusFormatException
          || t instanceof ZipException) {
        return INVALID;
      }
    }
    return FAILED;
  }

  /** {@code failure} and its causes, outermost first (at most {@value #MAX_CAUSES}, so a cycle ends). */
  static List<Throwable> chain(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = failure; t != null && chain.size() < MAX_CAUSES; t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  /**
   * Whether {@code failure} is one the engine reports on purpose, whose message says it all; anything else is a bug
   * and gets its stack trace.
   */
  static boolean expected(Throwable failure) {
    return failure instanceof DescriptorException || failure instanceof IOException
        || failure instanceof UncheckedIOException || failure instanceof IllegalArgumentException
        || failure instanceof IllegalStateException;
  }

  /** The one-line reason: the message, or for the JDK's terse file errors also what kind of error it is. */
  static String message(Throwable failure) {
    if (failure instanceof FileSystemException f && f.getReason() == null) {
      return f.getClass().getSimpleName() + ": " + f.getMessage();
    }
    return failure.getMessage() != null ? failure.getMessage() : failure.toString();
  }
}
