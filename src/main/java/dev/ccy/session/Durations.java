package dev.ccy.session;

import dev.ccy.CcyException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them ({@code 7d}, {@code 1d12h}, {@code 90m}, {@code 2w}) and show them ({@code 3d4h}). */
public final class Durations {
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+[wdhms])+");
    private static final Pattern PART = Pattern.compile("(\\d+)([wdhms])");

    private Durations() {
    }

    public static Duration parse(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (!WHOLE.matcher(t).matches()) {
            throw new CcyException("'" + text + "' is not a duration: use a number with a unit, e.g. 30m, 12h, 7d, 2w or 1d12h", 2);
        }
        Duration d = Duration.ZERO;
        Matcher m = PART.matcher(t);
        try {
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                d = d.plus(switch (m.group(2)) {
                    case "w" -> Duration.ofDays(Math.multiplyExact(n, 7));
                    case "d" -> Duration.ofDays(n);
                    case "h" -> Duration.ofHours(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new CcyException("'" + text + "' is too long a duration", 2);
        }
        return d;
    }

    /** The two largest units, as {@code ccy list} shows ages: 45s, 12m, 3h5m, 2d4h. */
    public static String format(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 60) {
            return m + "m";
        }
        long h = m / 60;
        if (h < 24) {
            return h + "h" + (m % 60 == 0 ? "" : (m % 60) + "m");
        }
        long days = h / 24;
        return days + "d" + (h % 24 == 0 ? "" : (h % 24) + "h");
    }
}
