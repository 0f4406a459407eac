package dev.ccy;

/**
 * A test-only hook for the crash-safety tests: with {@code CCY_TEST_PAUSE=<point>[,<point>...]} in
 * the environment, ccy says {@code ccy-test-pause <point>} on stderr when it reaches a named point
 * and then sleeps ({@code CCY_TEST_PAUSE_MS}, default 30 s), so that a test can kill it exactly
 * there. Unset (always, outside tests) it costs one environment lookup per run.
 */
public final class TestPause {
    private static final String POINTS = System.getenv("CCY_TEST_PAUSE");

    private TestPause() {
    }

    /** Pauses at {@code point} if the environment asks for it; otherwise returns at once. */
    public static void at(String point) {
        if (POINTS == null || POINTS.isEmpty()) {
            return;
        }
        for (String p : POINTS.split(",")) {
            if (p.equals(point) || p.equals("*")) {
                System.err.println("ccy-test-pause " + point);
                System.err.flush();
                try {
                    Thread.sleep(millis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
        }
    }

    private static long millis() {
        try {
            return Long.parseLong(System.getenv().getOrDefault("CCY_TEST_PAUSE_MS", "30000"));
        } catch (NumberFormatException e) {
            return 30000;
        }
    }
}
