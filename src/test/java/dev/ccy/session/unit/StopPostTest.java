package dev.ccy.session.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.quadlet.PodmanVersion;
import dev.ccy.quadlet.UnitFile;
import dev.ccy.session.agent.Agent;
import dev.ccy.session.store.KeptConversations;
import dev.ccy.session.store.SessionName;
import dev.ccy.session.store.Worktree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unit's ExecStopPost, run as systemd runs it: an ended ephemeral session goes, its HOME kept whole where ccy finds it. */
class StopPostTest {
    @TempDir
    Path tmp;

    /** Renders a unit for a session with its state, unit file and kept directory under tmp (a name with a space and a $). */
    List<String> stopPost(Path state, Path file, Path kept) {
        SessionSpec spec = new SessionSpec(new SessionName("p", 1), "", new Worktree(Path.of("/w"), "main"), "localhost/img:1",
                new Agent(List.of("a"), ""), Path.of("/e"), state, file, PodmanVersion.parse("5.4.0"), ContainerOptions.NONE,
                dev.ccy.session.store.Stamp.NONE, kept);
        UnitFile unit = UnitFile.parse(RenderTest.render(spec));
        List<String> words = new ArrayList<>(UnitFile.words(unit.last("Service", "ExecStopPost").orElseThrow()));
        words.set(0, words.get(0).substring(1)); // "-": systemd ignores its failure
        return words;
    }

    int run(List<String> cmd) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.writeString(bin.resolve("systemctl"), "#!/bin/sh\necho \"$@\" >> \"$(dirname \"$0\")/reloads\"\n");
        bin.resolve("systemctl").toFile().setExecutable(true);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    Path state(String... markers) throws Exception {
        Path state = Files.createDirectories(tmp.resolve("da ta$x/ccy/sessions/ccy-p-1.1700000000"));
        Files.createDirectories(state.resolve("home/.claude/projects/-workspace"));
        Files.writeString(state.resolve("home/.claude/projects/-workspace/c.jsonl"), "turns\n");
        for (String m : markers) {
            Files.writeString(state.resolve(m), "x\n");
        }
        return state;
    }

    @Test
    void anEndedEphemeralSessionsHomeIsKeptWholeAndTheRestRemoved() throws Exception {
        Path state = state("stopped", "ephemeral", "started");
        Path file = Files.writeString(tmp.resolve("ccy-p-1.container"), "[Container]\n");
        KeptConversations kept = new KeptConversations(tmp.resolve("da ta$x/ccy/conversations"));
        Path dir = kept.label("/w", "/w");
        assertEquals(0, run(stopPost(state, file, dir)));
        assertFalse(Files.exists(state), "the state directory is gone");
        assertFalse(Files.exists(file), "and the unit file");
        assertEquals("--user daemon-reload\n", Files.readString(tmp.resolve("bin/reloads")));
        List<KeptConversations.Kept> mine = kept.ofWorktree("/w");
        assertEquals(1, mine.size(), "kept where ccy new --resume looks");
        assertEquals("turns\n", Files.readString(mine.get(0).home().resolve(".claude/projects/-workspace/c.jsonl")));
        assertTrue(kept.repair().isEmpty(), "nothing half-kept");
    }

    @Test
    void nothingIsKeptWhenTheAgentNeverRanWhenKeepingIsOffOrWhenHomeIsALink() throws Exception {
        KeptConversations kept = new KeptConversations(tmp.resolve("da ta$x/ccy/conversations"));
        Path dir = kept.label("/w", "/w");
        Path file = tmp.resolve("ccy-p-1.container");
        Files.writeString(file, "x");
        assertEquals(0, run(stopPost(state("stopped", "ephemeral"), file, dir)));
        assertEquals(List.of(), kept.ofWorktree("/w"), "the agent never ran");
        Files.writeString(file, "x");
        assertEquals(0, run(stopPost(state("stopped", "ephemeral", "started"), file, null)));
        assertEquals(List.of(), kept.ofWorktree("/w"), "conversations.keep = 0");
        Path state = state("stopped", "ephemeral", "started");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        dev.ccy.Resources.deleteTree(state.resolve("home"));
        Files.createSymbolicLink(state.resolve("home"), outside);
        Files.writeString(file, "x");
        assertEquals(0, run(stopPost(state, file, dir)));
        assertEquals(List.of(), kept.ofWorktree("/w"), "a HOME the agent made a link is not kept");
        assertTrue(Files.isDirectory(outside));
        assertFalse(Files.exists(state));
    }

    @Test
    void aSessionThatIsNotEndedOrNotEphemeralStays() throws Exception {
        KeptConversations kept = new KeptConversations(tmp.resolve("da ta$x/ccy/conversations"));
        Path dir = kept.label("/w", "/w");
        Path file = Files.writeString(tmp.resolve("ccy-p-1.container"), "x");
        Path state = state("stopped", "started");
        assertEquals(0, run(stopPost(state, file, dir)));
        assertTrue(Files.isDirectory(state.resolve("home")) && Files.exists(file));
        assertTrue(Files.exists(state.resolve("stopped-at")));
        assertEquals(List.of(), kept.ofWorktree("/w"));
    }
}
