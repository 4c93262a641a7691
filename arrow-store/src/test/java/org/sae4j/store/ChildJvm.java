package org.sae4j.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a main class of the test class path in a child JVM, for behaviour that needs a second process. */
final class ChildJvm {
    private ChildJvm() {}

    static Process start(Class<?> main, List<String> jvmArgs, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
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
