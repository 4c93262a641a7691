package org.sae4j.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * An exclusive, inter-process lock on a directory (a run directory or a data set), so that two builds writing
 * the same place wait for each other instead of corrupting each other's files.
 *
 * <p>The lock is an operating-system file lock on {@value #FILE} inside the directory; the file holds the
 * holder's pid, command and start time so that a waiting process can say who it waits for. The operating
 * system releases the lock when the holder dies, even by SIGKILL, so a crash never leaves a stale lock. The
 * file itself stays (deleting it would race with a process that has just opened it).
 */
public final class DirectoryLock implements AutoCloseable {
    /** The lock file's name inside the locked directory. */
    public static final String FILE = ".sae4j.lock";
    private static final long POLL_MILLIS = 200;
    private static final long WAIT_MESSAGE_MILLIS = 10_000;
    /**
     * Directories this JVM holds, by holding thread: file locks are per process, so another thread here waits for the
     * holder (a sweep's parallel points share their data set), and the holding thread itself fails clearly.
     */
    private static final Map<Path, Thread> HELD = new ConcurrentHashMap<>();

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code directory} (created if missing), waiting up to {@code wait} for another process to let go.
     *
     * @param what what the lock protects, for messages (e.g. "run directory")
     * @param wait how long to wait for another holder; zero fails at once
     * @param log receives a line when the lock is busy, naming the holder, and again every 10 s of waiting
     * @return the held lock; close it to release
     * @throws LockedException when another holder still has it after {@code wait}, naming it
     * @throws IOException when the lock file cannot be created or locked
     */
    public static DirectoryLock acquire(Path directory, String what, Duration wait, Consumer<String> log)
            throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        long deadline = System.nanoTime() + wait.toNanos();
        long nextMessage = 0;
        Thread self = Thread.currentThread();
        Thread other;
        while ((other = HELD.putIfAbsent(dir, self)) != null) {
            if (other == self) {
                throw new LockedException(what + " " + dir + " is already locked by this process (pid "
                        + ProcessHandle.current().pid() + "), in this very thread");
            }
            String holder = "thread " + other.getName() + " of this process (pid " + ProcessHandle.current().pid() + ")";
            nextMessage = waitOrFail(what, dir, holder, deadline, nextMessage, log);
        }
        boolean acquired = false;
        try {
            while (true) {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException | IOException e) {
                    channel.close();
                    throw e instanceof IOException io ? io : new IOException(e);
                }
                if (lock != null) {
                    writeHolder(channel);
                    acquired = true;
                    return new DirectoryLock(dir, channel, lock);
                }
                channel.close();
                nextMessage = waitOrFail(what, dir, holder(file), deadline, nextMessage, log);
            }
        } finally {
            if (!acquired) {
                HELD.remove(dir);
            }
        }
    }

    /**
     * Sleeps a poll interval, or fails when the deadline has passed; says who holds the lock when a message is due.
     *
     * @return when the next waiting message is due
     */
    private static long waitOrFail(String what, Path dir, String holder, long deadline, long nextMessage,
                                   Consumer<String> log) throws IOException {
        long now = System.nanoTime();
        if (now - deadline >= 0) {
            throw new LockedException(what + " " + dir + " is locked by " + holder + "; wait for it to finish or stop it");
        }
        if (now - nextMessage >= 0) {
            log.accept("waiting for " + what + " " + dir + ": locked by " + holder);
            nextMessage = now + WAIT_MESSAGE_MILLIS * 1_000_000;
        }
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + what + " " + dir, e);
        }
        return nextMessage;
    }

    /** The locked directory. */
    public Path directory() {
        return directory;
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            HELD.remove(directory);
        }
    }

    private static void writeHolder(FileChannel channel) throws IOException {
        ProcessHandle self = ProcessHandle.current();
        String command = self.info().commandLine().orElse(self.info().command().orElse("unknown command"));
        if (command.length() > 300) {
            command = command.substring(0, 300) + "…";
        }
        String text = "pid " + self.pid() + " (" + command + ") since " + Instant.now() + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
    }

    private static String holder(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "another process" : text;
        } catch (IOException e) {
            return "another process";
        }
    }

    /** The lock is held by someone else. */
    public static final class LockedException extends IOException {
        LockedException(String message) {
            super(message);
        }
    }
}
