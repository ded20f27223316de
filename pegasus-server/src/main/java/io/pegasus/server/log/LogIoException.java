package io.pegasus.server.log;

import java.io.IOException;

/**
 * A write or fsync of the log failed, or an append was refused because one failed earlier. After the first failure a
 * log takes no more appends: the replica must treat its log as lost (go to its error state) and reopen or rebuild it.
 */
public final class LogIoException extends IOException {
    private static final long serialVersionUID = 1L;

    public LogIoException(String message, Throwable cause) {
        super(message, cause);
    }
}
