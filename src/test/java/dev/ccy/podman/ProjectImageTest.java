package dev.ccy.podman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectImageTest {
    @Test
    void theContainerfileWinsOverTheDockerfileAndLinksAreNotFollowed(@TempDir Path w) throws Exception {
        assertNull(ProjectImage.find(w));
        Files.createDirectories(w.resolve(".claude/ccy"));
        Files.writeString(w.resolve(".claude/ccy/Dockerfile"), "FROM x\n");
        assertEquals(w.resolve(".claude/ccy/Dockerfile"), ProjectImage.find(w));
        Files.writeString(w.resolve(".claude/ccy/Containerfile"), "FROM y\n");
        assertEquals(w.resolve(".claude/ccy/Containerfile"), ProjectImage.find(w));
        Files.delete(w.resolve(".claude/ccy/Containerfile"));
        Files.delete(w.resolve(".claude/ccy/Dockerfile"));
        Files.createSymbolicLink(w.resolve(".claude/ccy/Containerfile"), Path.of("/etc/hostname"));
        assertNull(ProjectImage.find(w), "a link could point out of the worktree");
    }

    @Test
    void theTagIsTheProjectsAndTheHashFollowsFileAndBase() {
        assertEquals("localhost/ccy-webshop:latest", ProjectImage.tag("webshop"));
        assertEquals("localhost/ccy-my-app:latest", ProjectImage.tag("My App"));
        String h = ProjectImage.hash("FROM x", "sha256:1");
        assertNotEquals(h, ProjectImage.hash("FROM x\n", "sha256:1"));
        assertNotEquals(h, ProjectImage.hash("FROM x", "sha256:2"), "a rebuilt session image rebuilds the project's");
    }
}
