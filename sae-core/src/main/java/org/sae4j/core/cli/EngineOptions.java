package org.sae4j.core.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Options every engine command takes ({@code --threads}, {@code --parent-pid}), as a picocli {@code @Mixin}; an
 * {@link ExtraCommand} mixes it in too. {@link Main} starts the parent watch for whichever command was given it.
 */
public final class EngineOptions {
  /** The option that names the process whose end stops the engine. */
  static final String PARENT_PID = "--parent-pid";

  @Option(names = "--threads", paramLabel = "N", converter = AtLeastOne.class,
      description = "Worker threads (default: the available processors, here ${DEFAULT-VALUE}).")
  private int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = PARENT_PID, paramLabel = "PID", converter = PositiveLong.class,
      description = "Stop within a second or two once process PID has ended (the Maven plugin passes its own).")
  private long parentPid;

  /** The worker threads the command may use. */
  public int threads() {
    return threads;
  }

  /** A progress-line sink that prints each line at once, so a forked engine's lines reach Maven as they come. */
  public static Consumer<String> lines(PrintWriter out) {
    return line -> {
      out.println(line);
      out.flush();
    };
  }

  /** Parses a whole number in [min, max], naming what is allowed when it is not one. */
  static long whole(String value, long min, long max) {
    try {
      long n = Long.parseLong(value.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    throw new TypeConversionException("must be a whole number >= " + min + ", got '" + value + "'");
  }

  /** An {@code int} option that must be at least 1. */
  static final class AtLeastOne implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return (int) whole(value, 1, Integer.MAX_VALUE);
    }
  }

  /** An {@code int} option that must be at least 0. */
  static final class AtLeastZero implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return (int) whole(value, 0, Integer.MAX_VALUE);
    }
  }

  /** A {@code long} option that must be at least 1. */
  static final class PositiveLong implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return whole(value, 1, Long.MAX_VALUE);
    }
  }
}
