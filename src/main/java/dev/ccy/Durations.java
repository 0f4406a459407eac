package dev.ccy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people type them and as ccy shows them ({@code 3d4h}). Parsing accepts systemd's
 * time spans (systemd.time(7): {@code 30min}, {@code 7days}, {@code 2weeks}, {@code "1h 30min"},
 * {@code 1.5h}), so a value written next to a systemd timer means the same here, and ccy's short
 * forms ({@code 30m}, {@code 7d}, {@code 2w}, {@code 1d12h}), which are systemd spans too. A bare
 * number is seconds, as in systemd.
 */
public final class Durations {
    private static final long SECOND = 1_000_000L;
    private static final long DAY = 86_400 * SECOND;

    /** systemd's units in microseconds (src/basic/time-util.c); "M" is a month, "m" a minute. */
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("us", 1L), Map.entry("usec", 1L), Map.entry("µs", 1L), Map.entry("μs", 1L),
            Map.entry("ms", 1_000L), Map.entry("msec", 1_000L),
            Map.entry("s", SECOND), Map.entry("sec", SECOND), Map.entry("second", SECOND), Map.entry("seconds", SECOND),
            Map.entry("m", 60 * SECOND), Map.entry("min", 60 * SECOND), Map.entry("minute", 60 * SECOND),
            Map.entry("minutes", 60 * SECOND),
            Map.entry("h", 3600 * SECOND), Map.entry("hr", 3600 * SECOND), Map.entry("hour", 3600 * SECOND),
            Map.entry("hours", 3600 * SECOND),
            Map.entry("d", DAY), Map.entry("day", DAY), Map.entry("days", DAY),
            Map.entry("w", 7 * DAY), Map.entry("week", 7 * DAY), Map.entry("weeks", 7 * DAY),
            Map.entry("M", 2_629_800 * SECOND), Map.entry("month", 2_629_800 * SECOND), Map.entry("months", 2_629_800 * SECOND),
            Map.entry("y", 31_557_600 * SECOND), Map.entry("year", 31_557_600 * SECOND), Map.entry("years", 31_557_600 * SECOND));

    /** A number with an optional unit; systemd allows blanks between the parts and between number and unit. */
    private static final Pattern PART = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([^\\d\\s.]*)");

    private Durations() {
    }

    public static Duration parse(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            throw bad(text);
        }
        Matcher m = PART.matcher(t);
        BigDecimal micros = BigDecimal.ZERO;
        int at = 0;
        while (at < t.length()) {
            if (!m.find(at) || m.start() != at) {
                throw bad(text);
            }
            String unit = m.group(2);
            Long factor = unit.isEmpty() ? Long.valueOf(SECOND) : UNITS.get(unit.equals("M") ? unit : unit.toLowerCase(java.util.Locale.ROOT));
            if (factor == null) {
                throw bad(text);
            }
            micros = micros.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor)));
            at = m.end();
        }
        BigDecimal seconds = micros.divide(BigDecimal.valueOf(SECOND), 6, RoundingMode.DOWN);
        if (seconds.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
            throw CcyException.usage("'" + text + "' is too long a duration");
        }
        long whole = seconds.longValue();
        long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
        return Duration.ofSeconds(whole, nanos);
    }

    private static CcyException bad(String text) {
        return CcyException.usage("'" + text + "' is not a duration: use a systemd time span such as 30min, 12h, 7days,"
                + " 2weeks or \"1d 12h\"");
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
