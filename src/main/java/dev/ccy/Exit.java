package dev.ccy;

/**
 * ccy's exit codes, named once: scripts branch on them, so each keeps its number for good. The
 * help's "Exit codes" list is made from the same rows. {@code ccy doctor} uses its own scale
 * ({@link #DOCTOR_OK}, {@link #DOCTOR_WARNINGS}, {@link #DOCTOR_FAILURES}), as health checks do.
 */
public enum Exit {
    OK(0, "Success."),
    FAILED(1, "Failed; the error says why."),
    USAGE(2, "Bad usage: an unknown command or option, a bad value, an ambiguous session name."),
    NO_SESSION(3, "No such session."),
    TIMEOUT(4, "ccy wait: the timeout passed before every session reached the activity."),
    STOPPED(5, "ccy wait: a session stopped (or was down) before it reached the activity."),

    DOCTOR_OK(0, "Every check is OK."),
    DOCTOR_WARNINGS(1, "Warnings, no failures."),
    DOCTOR_FAILURES(2, "Failures, or bad usage.");

    private final int code;
    private final String meaning;

    Exit(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    /** The line picocli's exit-code list takes: {@code "2:Bad usage..."}. */
    public String helpLine() {
        return code + ":" + meaning;
    }

    /** What every ccy command may end with, in the order its help lists them. */
    public static final java.util.List<Exit> COMMON = java.util.List.of(OK, FAILED, USAGE, NO_SESSION);

    /** The help's list of these rows: code to meaning, in order. */
    public static java.util.Map<String, String> helpList(java.util.List<Exit> rows) {
        java.util.Map<String, String> list = new java.util.LinkedHashMap<>();
        rows.forEach(e -> list.put(String.valueOf(e.code), e.meaning));
        return list;
    }
}
