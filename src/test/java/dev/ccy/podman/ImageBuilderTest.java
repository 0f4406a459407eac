package dev.ccy.podman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImageBuilderTest {
    static ImageBuilder.Request req(String base, boolean agent, String entrypoint, String version) {
        return new ImageBuilder.Request(base, "localhost/t:1", agent, false, entrypoint, version);
    }

    @Test
    void theHashFollowsWhatGoesIntoTheImageAndNothingElse() {
        String cf = ImageBuilder.containerfile();
        String h = ImageBuilder.hash(cf, req("b", true, "e", "1"));
        assertTrue(h.matches("[0-9a-f]{64}"));
        assertEquals(h, ImageBuilder.hash(cf, req("b", true, "e", "2")), "a new ccy with the same files does not rebuild");
        assertNotEquals(h, ImageBuilder.hash(cf + "#", req("b", true, "e", "1")), "Containerfile");
        assertNotEquals(h, ImageBuilder.hash(cf, req("b", true, "e2", "1")), "entrypoint");
        assertNotEquals(h, ImageBuilder.hash(cf, req("b2", true, "e", "1")), "base");
        assertNotEquals(h, ImageBuilder.hash(cf, req("b", false, "e", "1")), "agent or not");
    }

    @Test
    void theContainerfileTakesABaseAndCanSkipTheAgent() {
        String cf = ImageBuilder.containerfile();
        assertTrue(cf.contains("ARG BASE=" + ImageBuilder.DEFAULT_BASE) && cf.contains("FROM ${BASE}"));
        assertTrue(cf.contains("ARG INSTALL_AGENT=true"));
        assertTrue(cf.contains("COPY session-entrypoint.sh /usr/local/libexec/ccy-entrypoint"));
    }
}
