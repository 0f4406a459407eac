package dev.ccy.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The settings' limits as systemd's resource-control values in the unit's [Service] section. */
class RenderConvertTest {
    @Test
    void memoryBecomesMemoryMaxWithSystemdsSuffixes() {
        assertEquals("8G", Render.memoryMax("8g"));
        assertEquals("512M", Render.memoryMax("512m"));
        assertEquals("64K", Render.memoryMax("64k"));
        assertEquals("1000000", Render.memoryMax("1000000b"), "bytes: systemd's bare number");
        assertEquals("1000000", Render.memoryMax("1000000"));
        assertEquals("", Render.memoryMax(""), "none");
    }

    @Test
    void cpusBecomeAWholeCpuQuotaPercentNeverZero() {
        assertEquals("200", Render.cpuQuotaPercent("2"));
        assertEquals("150", Render.cpuQuotaPercent("1.5"));
        assertEquals("13", Render.cpuQuotaPercent("0.125"), "rounded up");
        assertEquals("1", Render.cpuQuotaPercent("0.001"), "a tiny limit is still one");
        assertEquals("", Render.cpuQuotaPercent(""), "none");
    }
}
