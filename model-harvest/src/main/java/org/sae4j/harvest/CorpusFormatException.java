package org.sae4j.harvest;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A corpus file is not UTF-8 text: invalid UTF-8, binary content, or compressed bytes under a name that does not
 * say so. The message names the file, the byte offset where that applies, and what to do.
 */
public final class CorpusFormatException extends IOException {

    private final Path file;
    private final long offset;

    CorpusFormatException(Path file, long offset, String message) {
        super(message);
        this.file = file;
        this.offset = offset;
    }

    /** The corpus file. */
    public Path file() {
        return file;
    }

    /**
     * Where in the file's (decompressed) content the problem is.
     *
     * @return the byte offset, or -1 when the whole file is of the wrong kind
     */
    public long offset() {
        return offset;
    }
}
