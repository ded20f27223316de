package io.pegasus.rpc.codec;

/**
 * A frame that cannot be parsed: bad magic, unknown header version, wrong header length, bad checksum, a length over
 * the configured maximum, or a message header that is not Thrift. The stream position is unknown afterwards, so the
 * connection is closed.
 */
public final class FrameException extends Exception {
    private static final long serialVersionUID = 1L;

    public FrameException(String message) {
        super(message);
    }

    public FrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
