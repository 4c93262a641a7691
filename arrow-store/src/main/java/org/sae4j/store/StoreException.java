package org.sae4j.store;

import java.io.IOException;

/**
 * Thrown for store content that cannot be used: a missing, unreadable, corrupt or mismatched manifest or shard.
 * The message names the file and says what was expected and what was found.
 */
public class StoreException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message that names the file and the problem.
     *
     * @param message what is wrong, where, and what was expected
     */
    public StoreException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the underlying cause.
     *
     * @param message what is wrong, where, and what was expected
     * @param cause   the error reported by the layer below
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
