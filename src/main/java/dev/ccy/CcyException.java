package dev.ccy;

/**
 * An error the user can act on. The CLI prints its message as one line, never a stack trace.
 */
public class CcyException extends RuntimeException {
    private final int exitCode;

    public CcyException(String message) {
        this(message, 1);
    }

    public CcyException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public CcyException(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = 1;
    }

    public int exitCode() {
        return exitCode;
    }
}
