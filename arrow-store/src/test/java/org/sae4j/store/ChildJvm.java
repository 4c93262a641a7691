package org.sae4j.store;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a main class of the test class path in a child JVM, for behaviour that needs a second process: tests that
 * kill a producer (with {@link FaultInjection}) or compete with it from another process. Output and errors are
 * merged. Shared with other modules' tests through arrow-store's test-jar.
 */
public final class ChildJvm {

    private ChildJvm() {}

    /**
     * What a finished child printed and how it ended.
     *
     * @param exitCode its exit status ({@link FaultInjection#EXIT_STATUS} when a fault point halted it)
     * @param output   its standard output and error, merged
     */
    public record Result(int exitCode, String output) {}

    /**
     * Starts {@code main} in a child JVM with this JVM's class path.
     *
     * @param main    the class whose {@code main} runs
     * @param jvmArgs the child's JVM flags, e.g. {@link #flags(String...)}
     * @param args    its arguments
     * @return the running process; its output is {@link Process#getInputStream()}
     */
    public static Process start(Class<?> main, List<String> jvmArgs, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /**
     * This JVM's flags (heap, modules, opens: what Arrow and the engine need), without a debugger or a fault armed
     * for this JVM, followed by {@code extra}.
     */
    public static List<String> flags(String... extra) {
        List<String> flags = new ArrayList<>();
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!flag.startsWith("-agentlib:jdwp") && !flag.startsWith("-D" + FaultInjection.PROPERTY + "=")) {
                flags.add(flag);
            }
        }
        flags.addAll(List.of(extra));
        return flags;
    }

    /**
     * Runs {@code main} in a child JVM to its end.
     *
     * @param timeout how long it may take; a child still running then is killed and the test fails
     * @see #start(Class, List, String...)
     */
    public static Result run(Duration timeout, Class<?> main, List<String> jvmArgs, String... args)
            throws IOException, InterruptedException {
        Process process = start(main, jvmArgs, args);
        process.getOutputStream().close();
        StringBuilder output = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> output.append(readAll(process.getInputStream())));
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            reader.join();
            throw new AssertionError(main.getSimpleName() + " did not finish within " + timeout + ":\n" + output);
        }
        reader.join();
        return new Result(process.exitValue(), output.toString());
    }

    /** The flag that arms a fault point in the child: {@code -Dsae4j.fault=NAME:N}. */
    public static String fault(String pointAndPass) {
        return "-D" + FaultInjection.PROPERTY + "=" + pointAndPass;
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    /** Holds a {@link DirectoryLock} on {@code args[0]}, prints "locked", and keeps it until stdin closes. */
    static final class LockHolder {
        public static void main(String[] args) throws Exception {
            try (DirectoryLock lock = DirectoryLock.acquire(Path.of(args[0]), "test directory",
                    java.time.Duration.ZERO, line -> {})) {
                System.out.println("locked");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // hold until the parent closes our stdin or kills us
                }
            }
        }
    }

    /** Passes {@link FaultInjection#point} "test.point" three times, printing before each pass. */
    static final class FaultPasser {
        public static void main(String[] args) {
            for (int i = 1; i <= 3; i++) {
                System.out.println("pass " + i);
                System.out.flush();
                FaultInjection.point("test.point");
            }
            System.out.println("finished");
        }
    }
}
