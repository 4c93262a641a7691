package org.sae4j.store;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks free disk space before a large write whose size is known, so a full disk fails early and clearly. */
public final class DiskSpace {

    private DiskSpace() {}

    /**
     * Fails unless the file system holding {@code directory} (or its nearest existing ancestor) has at least
     * {@code bytes} usable.
     *
     * @param what what is about to be written, for the message (e.g. "checkpoint")
     * @throws InsufficientSpaceException naming the path, the bytes needed and the bytes free
     * @throws IOException when the file system cannot be queried
     */
    public static void require(Path directory, long bytes, String what) throws IOException {
        Path existing = directory.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        FileStore store = Files.getFileStore(existing);
        long free = store.getUsableSpace();
        if (free < bytes) {
            throw new InsufficientSpaceException("not enough disk space for the " + what + " in " + directory
                    + ": needs " + mib(bytes) + ", " + mib(free) + " free on " + store);
        }
    }

    private static String mib(long bytes) {
        return String.format("%,.1f MiB (%,d bytes)", bytes / 1048576.0, bytes);
    }

    /** A write would not fit on the disk. */
    public static final class InsufficientSpaceException extends IOException {
        InsufficientSpaceException(String message) {
            super(message);
        }
    }
}
