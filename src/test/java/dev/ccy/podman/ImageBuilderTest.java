package dev.ccy.podman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.CcyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void theAgentPackagesAreInTheHashButTheCaFileIsNot(@TempDir Path dir) throws Exception {
        String cf = ImageBuilder.containerfile();
        ImageBuilder.Request plain = req("b", true, "e", "1");
        Path ca = Files.writeString(dir.resolve("ca.crt"), "x");
        ImageBuilder.Request withCa = new ImageBuilder.Request("b", "localhost/t:1", true, false, "e", "1", ca, ImageBuilder.DEFAULT_AGENTS);
        assertEquals(ImageBuilder.hash(cf, plain), ImageBuilder.hash(cf, withCa), "a renewed trust store does not rebuild");
        ImageBuilder.Request two = new ImageBuilder.Request("b", "localhost/t:1", true, false, "e", "1", null,
                List.of("@anthropic-ai/claude-code", "@openai/codex"));
        assertNotEquals(ImageBuilder.hash(cf, plain), ImageBuilder.hash(cf, two));
    }

    @Test
    void npmPackageNamesCannotSmuggleShell() {
        for (String bad : List.of("a;rm -rf /", "$(id)", "a b", "", "-g")) {
            assertThrows(CcyException.class, () -> new ImageBuilder.Request("b", "t", true, false, "e", "1", null, List.of(bad)), bad);
        }
        new ImageBuilder.Request("b", "t", true, false, "e", "1", null, List.of("@openai/codex@0.5.1", "opencode-ai@latest"));
    }

    @Test
    void theBuildTrustsTheHostsCaStoreByDefaultAndCanBeToldOtherwise(@TempDir Path dir) throws Exception {
        assertEquals(Files.isRegularFile(ImageBuilder.HOST_CA_BUNDLE) ? ImageBuilder.HOST_CA_BUNDLE : null, ImageBuilder.caFile(null));
        assertNull(ImageBuilder.caFile("none"));
        assertNull(ImageBuilder.caFile(""));
        Path ca = Files.writeString(dir.resolve("corp.pem"), "x");
        assertEquals(ca, ImageBuilder.caFile(ca.toString()));
        CcyException e = assertThrows(CcyException.class, () -> ImageBuilder.caFile(dir.resolve("missing.pem").toString()));
        assertEquals(2, e.exitCode());
        assertEquals(List.of("--volume", ca + ":" + ImageBuilder.CA_TARGET + ":ro,z", "--build-arg",
                "NODE_EXTRA_CA_CERTS=" + ImageBuilder.CA_TARGET), ImageBuilder.caArgs(ca));
        assertEquals(List.of(), ImageBuilder.caArgs(null));
        String cf = ImageBuilder.containerfile();
        assertTrue(cf.contains("ARG NODE_EXTRA_CA_CERTS="), "npm's RUN step sees the variable, the image's ENV does not");
        assertTrue(!cf.contains("ENV NODE_EXTRA_CA_CERTS"));
    }
}
