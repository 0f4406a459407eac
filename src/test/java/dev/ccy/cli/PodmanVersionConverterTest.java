package dev.ccy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ccy.quadlet.PodmanVersion;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class PodmanVersionConverterTest {
    @Test
    void versionsAndNonVersions() {
        assertEquals(new PodmanVersion(5, 4, 0), new PodmanVersionConverter().convert("5.4"));
        assertEquals(new PodmanVersion(4, 9, 3), new PodmanVersionConverter().convert("4.9.3"));
        for (String bad : new String[] {"abc", "5", "v5.4", "5.4-rc1", "podman version 5.4"}) {
            assertThrows(TypeConversionException.class, () -> new PodmanVersionConverter().convert(bad), bad);
        }
    }
}
