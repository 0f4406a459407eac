package dev.ccy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ccy.CcyException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @Test
    void ccysShortForms() {
        assertEquals(Duration.ofMinutes(30), Durations.parse("30m"));
        assertEquals(Duration.ofHours(12), Durations.parse("12h"));
        assertEquals(Duration.ofDays(7), Durations.parse("7d"));
        assertEquals(Duration.ofDays(14), Durations.parse("2w"));
        assertEquals(Duration.ofHours(36), Durations.parse("1d12h"));
        assertEquals(Duration.ofSeconds(45), Durations.parse("45s"));
    }

    @Test
    void systemdTimeSpans() {
        assertEquals(Duration.ofMinutes(30), Durations.parse("30min"));
        assertEquals(Duration.ofDays(7), Durations.parse("7days"));
        assertEquals(Duration.ofDays(14), Durations.parse("2weeks"));
        assertEquals(Duration.ofDays(1), Durations.parse("1 day"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h 30min"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("1.5h"));
        assertEquals(Duration.ofHours(2), Durations.parse("2hr"));
        assertEquals(Duration.ofSeconds(3), Durations.parse("3sec"));
        assertEquals(Duration.ofSeconds(20), Durations.parse("20"));
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(2_629_800), Durations.parse("1month"));
        assertEquals(Duration.ofSeconds(2_629_800), Durations.parse("1M"));
        assertEquals(Duration.ofSeconds(31_557_600), Durations.parse("1y"));
        assertEquals(Duration.ofDays(9), Durations.parse("1w 2d"));
        assertEquals(Duration.ofDays(7), Durations.parse("7D"), "case does not matter, but for M and m");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "soon", "7 dayz", "-5m", "1.h", "m", "5m x", "1e3s", "3,5h", "99999999999999999999999w"})
    void refusesWhatIsNotADuration(String text) {
        CcyException e = assertThrows(CcyException.class, () -> Durations.parse(text));
        assertEquals(2, e.exitCode());
    }

    @Test
    void formatsTheTwoLargestUnits() {
        assertEquals("45s", Durations.format(Duration.ofSeconds(45)));
        assertEquals("3h5m", Durations.format(Duration.ofMinutes(185)));
        assertEquals("2d4h", Durations.format(Duration.ofHours(52)));
    }
}
