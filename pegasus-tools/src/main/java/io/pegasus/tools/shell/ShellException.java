package io.pegasus.tools.shell;

/** A command failed for a reason the user can act on; the message is shown as is, without a stack trace. */
final class ShellException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ShellException(String message) {
        super(message);
    }
}
