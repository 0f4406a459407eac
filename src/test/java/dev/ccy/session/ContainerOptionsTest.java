package dev.ccy.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The settings' limits as systemd's resource-control values in the unit's [Service] section. */
class ContainerOptionsTest {
    @Test
    void memoryBecomesMemoryMaxWithSystemdsSuffixes() {
        assertEquals("8G", ContainerOptions.memoryMax("8g"));
        assertEquals("512M", ContainerOptions.memoryMax("512m"));
        assertEquals("64K", ContainerOptions.memoryMax("64k"));
        assertEquals("1000000", ContainerOptions.memoryMax("1000000b"), "bytes: systemd's bare number");
        assertEquals("1000000", ContainerOptions.memoryMax("1000000"));
        assertEquals("", ContainerOptions.memoryMax(""), "none");
    }

    @Test
    void cpusBecomeAWholeCpuQuotaPercentNeverZero() {
        assertEquals("200", ContainerOptions.cpuQuotaPercent("2"));
        assertEquals("150", ContainerOptions.cpuQuotaPercent("1.5"));
        assertEquals("13", ContainerOptions.cpuQuotaPercent("0.125"), "rounded up");
        assertEquals("1", ContainerOptions.cpuQuotaPercent("0.001"), "a tiny limit is still one");
        assertEquals("", ContainerOptions.cpuQuotaPercent(""), "none");
    }
}
