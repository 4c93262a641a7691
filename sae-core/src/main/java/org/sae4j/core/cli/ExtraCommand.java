package org.sae4j.core.cli;

import java.util.concurrent.Callable;

/**
 * A CLI command that lives in a module above the engine, found with {@link java.util.ServiceLoader} when that module
 * is on the class path (list the class in {@code META-INF/services/org.sae4j.core.cli.ExtraCommand}); {@code report}
 * comes from {@code sae-report}. The engine cannot depend on such modules (the report's charting library and template
 * engine stay out of it), so {@link Main} adds their commands as found.
 *
 * <p>An implementation is a picocli command with a public no-argument constructor: annotate it with
 * {@code @Command(name = …, description = …)}, declare its options with {@code @Option}, mixing in
 * {@link EngineOptions} ({@code --threads}, {@code --parent-pid}) and, for a command on a finished run,
 * {@link RunDirectoryOptions}; print through {@code spec.commandLine().getOut()} (a {@code @Spec CommandSpec}
 * field) and return the exit code from {@link #call()}: 0 success, 1 failure, 2 invalid input. An exception it
 * throws is reported as the engine's own are ({@code ERROR} and its message; exit code 2 for invalid input, else 1).
 * {@code sae4j --help} lists it and {@code sae4j NAME --help} shows its options.
 */
public interface ExtraCommand extends Callable<Integer> {
}
