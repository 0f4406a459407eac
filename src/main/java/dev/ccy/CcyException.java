package dev.ccy;

/**
 * An error the user can act on. The CLI prints its message as one line, never a stack trace, and
 * exits with its {@link Exit} code.
 */
public class CcyException extends RuntimeException {
    private final Exit exit;

    /** A failure (exit 1). */
    public CcyException(String message) {
        this(message, Exit.FAILED);
    }

    public CcyException(String message, Exit exit) {
        super(message);
        this.exit = exit;
    }

    public CcyException(String message, Throwable cause) {
        super(message, cause);
        this.exit = Exit.FAILED;
    }

    /** Bad usage (exit 2): a bad value, a missing argument, an ambiguous name. */
    public static CcyException usage(String message) {
        return new CcyException(message, Exit.USAGE);
    }

    /** No such session (exit 3). */
    public static CcyException noSession(String message) {
        return new CcyException(message, Exit.NO_SESSION);
    }

    public Exit exit() {
        return exit;
    }

    public int exitCode() {
        return exit.code();
    }
}
