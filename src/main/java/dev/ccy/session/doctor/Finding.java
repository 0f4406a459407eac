package dev.ccy.session.doctor;

import dev.ccy.Exit;

/** The outcome of one doctor check: what was found and, unless it is fine, the fix to run. */
public record Finding(String check, Level level, String message, String fix, String fixed) {
    /** How bad it is; the doctor's exit code is the worst one's. */
    public enum Level {
        OK(Exit.DOCTOR_OK), WARN(Exit.DOCTOR_WARNINGS), FAIL(Exit.DOCTOR_FAILURES);

        private final Exit exit;

        Level(Exit exit) {
            this.exit = exit;
        }

        public int exitCode() {
            return exit.code();
        }
    }

    public static Finding ok(String check, String message) {
        return new Finding(check, Level.OK, message, null, null);
    }

    public static Finding warn(String check, String message, String fix) {
        return new Finding(check, Level.WARN, message, fix, null);
    }

    public static Finding fail(String check, String message, String fix) {
        return new Finding(check, Level.FAIL, message, fix, null);
    }

    /** This finding after {@code --fix} repaired it: OK, saying what was done. */
    public Finding repaired(String what) {
        return new Finding(check, Level.OK, message, null, what);
    }
}
