package dev.ccy.session.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.CcyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeping a removed session's HOME, choosing the one to continue, retention, and kept state as hostile input. */
class KeptConversationsTest {
    @TempDir
    Path tmp;
    KeptConversations kept;
    static final String SHOP = "/home/dev/src/shop";
    static final String SHOP_FIX = "/home/dev/src/shop-fix";
    static final String OTHER = "/home/dev/src/other";

    @BeforeEach
    void root() {
        kept = new KeptConversations(tmp.resolve("data/ccy/conversations"));
    }

    /** A state directory whose agent ran and wrote a conversation. */
    Path state(String name, boolean started) throws Exception {
        Path state = Files.createDirectories(tmp.resolve("data/ccy/sessions/" + name));
        Path conv = Files.createDirectories(state.resolve("home/.claude/projects/-workspace"));
        Files.writeString(conv.resolve("a.jsonl"), "{\"prompt\":\"" + name + "\"}\n");
        if (started) {
            Files.writeString(state.resolve(StateDir.STARTED), "now\n");
        }
        return state;
    }

    void age(KeptConversations.Kept k, Duration ago) throws Exception {
        Files.setLastModifiedTime(k.dir(), FileTime.from(Instant.now().minus(ago)));
    }

    @Test
    void aRemovedSessionsHomeMovesWholeUnderItsWorktreeLabelledWithWorktreeAndProject() throws Exception {
        Path state = state("ccy-shop-1.1700000000", true);
        assertTrue(kept.keep(state, SHOP, SHOP));
        assertFalse(Files.exists(state.resolve("home")), "moved, not copied");
        List<KeptConversations.Kept> mine = kept.ofWorktree(SHOP);
        assertEquals(1, mine.size());
        KeptConversations.Kept k = mine.get(0);
        assertEquals("ccy-shop-1", k.session());
        assertEquals(SHOP, k.worktree());
        assertEquals(SHOP, k.project());
        assertEquals("{\"prompt\":\"ccy-shop-1.1700000000\"}\n",
                Files.readString(k.home().resolve(".claude/projects/-workspace/a.jsonl")));
        assertTrue(Files.readString(k.dir().getParent().resolve(KeptConversations.LABEL)).contains("worktree=" + SHOP + "\n"));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(k.dir())));
        try (var s = Files.list(k.dir().getParent())) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".keep")), "nothing half-kept is left");
        }
    }

    @Test
    void aSessionWhoseAgentNeverRanHasNothingToKeep() throws Exception {
        Path state = state("ccy-shop-1.1700000000", false);
        assertFalse(kept.keep(state, SHOP, SHOP));
        assertTrue(Files.isDirectory(state.resolve("home")));
        assertEquals(List.of(), kept.ofWorktree(SHOP));
    }

    @Test
    void onlyThisWorktreesConversationsAreOfferedAndTheProjectFlagWidensToItsOwnWorktrees() throws Exception {
        kept.keep(state("ccy-shop-1.1700000001", true), SHOP, SHOP);
        kept.keep(state("ccy-shop-fix-1.1700000002", true), SHOP_FIX, SHOP);
        kept.keep(state("ccy-other-1.1700000003", true), OTHER, OTHER);
        assertEquals(List.of("ccy-shop-1"), kept.ofWorktree(SHOP).stream().map(KeptConversations.Kept::session).toList());
        assertEquals(List.of("ccy-other-1"), kept.ofWorktree(OTHER).stream().map(KeptConversations.Kept::session).toList());
        assertEquals(java.util.Set.of("ccy-shop-1", "ccy-shop-fix-1"),
                java.util.Set.copyOf(kept.ofProject(SHOP).stream().map(KeptConversations.Kept::session).toList()),
                "another project's history is not offered");
        assertEquals(List.of(), kept.ofWorktree("/home/dev/src/new"));
    }

    @Test
    void theNewestIsContinuedUnlessASessionIsNamed() throws Exception {
        kept.keep(state("ccy-shop-1.1700000001", true), SHOP, SHOP);
        kept.keep(state("ccy-shop-2.1700000002", true), SHOP, SHOP);
        kept.keep(state("ccy-shop-1.1700000009", true), SHOP, SHOP);
        List<KeptConversations.Kept> all = kept.ofWorktree(SHOP);
        age(all.stream().filter(k -> k.dir().endsWith("ccy-shop-1.1700000001")).findFirst().orElseThrow(), Duration.ofHours(3));
        age(all.stream().filter(k -> k.dir().endsWith("ccy-shop-2.1700000002")).findFirst().orElseThrow(), Duration.ofHours(2));
        age(all.stream().filter(k -> k.dir().endsWith("ccy-shop-1.1700000009")).findFirst().orElseThrow(), Duration.ofHours(1));
        all = kept.ofWorktree(SHOP);
        assertTrue(all.get(0).dir().endsWith("ccy-shop-1.1700000009"), "newest first: " + all);
        assertTrue(KeptConversations.pick(all, List.of()).orElseThrow().dir().endsWith("ccy-shop-1.1700000009"));
        assertTrue(KeptConversations.pick(all, List.of("ccy-shop-2")).orElseThrow().dir().endsWith("ccy-shop-2.1700000002"));
        assertTrue(KeptConversations.pick(all, List.of("ccy-shop-1")).orElseThrow().dir().endsWith("ccy-shop-1.1700000009"),
                "the newest of the named session");
        assertTrue(KeptConversations.pick(all, List.of("ccy-shop-7")).isEmpty());
        assertTrue(KeptConversations.pick(List.of(), List.of()).isEmpty());
    }

    @Test
    void retentionSelectsThoseKeptLongerThanTheSetting() throws Exception {
        kept.keep(state("ccy-shop-1.1700000001", true), SHOP, SHOP);
        kept.keep(state("ccy-shop-2.1700000002", true), SHOP, SHOP);
        for (KeptConversations.Kept k : kept.ofWorktree(SHOP)) {
            age(k, k.session().equals("ccy-shop-1") ? Duration.ofDays(31) : Duration.ofDays(29));
        }
        List<KeptConversations.Kept> old = KeptConversations.expired(kept.all(), Duration.ofDays(30), Instant.now());
        assertEquals(List.of("ccy-shop-1"), old.stream().map(KeptConversations.Kept::session).toList());
        assertEquals(2, KeptConversations.expired(kept.all(), Duration.ofDays(7), Instant.now()).size());
    }

    @Test
    void takingMovesTheHomeIntoTheNewStateAndTheEntryIsGoneSoItIsNotTakenTwice() throws Exception {
        kept.keep(state("ccy-shop-1.1700000001", true), SHOP, SHOP);
        KeptConversations.Kept k = kept.ofWorktree(SHOP).get(0);
        Path fresh = Files.createDirectories(tmp.resolve("data/ccy/sessions/ccy-shop-1.1700000100"));
        kept.take(k, fresh);
        assertTrue(Files.isRegularFile(fresh.resolve("home/.claude/projects/-workspace/a.jsonl")));
        assertFalse(Files.exists(k.dir()));
        assertEquals(List.of(), kept.ofWorktree(SHOP));
        Path again = Files.createDirectories(tmp.resolve("data/ccy/sessions/ccy-shop-2.1700000101"));
        CcyException e = assertThrows(CcyException.class, () -> kept.take(k, again));
        assertTrue(e.getMessage().contains("taken by another ccy new"), e.getMessage());
    }

    @Test
    void aKillHalfWayIsRepairedOrLeftForRemoval() throws Exception {
        Path dir = kept.label(SHOP, SHOP);
        Path half = Files.createDirectories(dir.resolve(".ccy-shop-1.1700000001.keep/home"));
        Path empty = Files.createDirectories(dir.resolve(".ccy-shop-2.1700000002.keep"));
        Path taken = Files.createDirectories(dir.resolve("ccy-shop-3.1700000003"));
        assertEquals(List.of(), kept.ofWorktree(SHOP), "half-kept entries are never offered");
        List<Path> leftovers = kept.repair();
        assertEquals(List.of(empty, taken), leftovers);
        assertFalse(Files.exists(half.getParent()));
        assertEquals(List.of("ccy-shop-1"), kept.ofWorktree(SHOP).stream().map(KeptConversations.Kept::session).toList());
    }

    @Test
    void keptStateIsHostileNoLinkIsFollowedAndForeignDirectoriesAreNotRead() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "host file\n");
        // the agent replaced its HOME with a link to a host directory
        Path state = Files.createDirectories(tmp.resolve("data/ccy/sessions/ccy-shop-1.1700000001"));
        Files.writeString(state.resolve(StateDir.STARTED), "x");
        Files.createSymbolicLink(state.resolve("home"), outside);
        assertFalse(kept.keep(state, SHOP, SHOP), "a HOME that is a link is not kept");
        assertTrue(Files.exists(outside.resolve("secret")));
        // an entry whose home is a link, and a label that is a link, are not offered
        Path dir = kept.label(SHOP, SHOP);
        Path entry = Files.createDirectories(dir.resolve("ccy-shop-2.1700000002"));
        Files.createSymbolicLink(entry.resolve("home"), outside);
        Files.createDirectories(dir.resolve("not-an-entry/home"));
        assertEquals(List.of(), kept.ofWorktree(SHOP));
        Path foreign = Files.createDirectories(kept.dirFor(OTHER).resolve("ccy-other-1.1700000003/home"));
        Files.createSymbolicLink(kept.dirFor(OTHER).resolve(KeptConversations.LABEL), dir.resolve(KeptConversations.LABEL));
        assertEquals(List.of(), kept.ofWorktree(OTHER), "a label reached through a link is not ccy's: " + foreign);
        assertTrue(kept.all().isEmpty());
        // a huge label is not read
        Files.delete(kept.dirFor(OTHER).resolve(KeptConversations.LABEL));
        Files.writeString(kept.dirFor(OTHER).resolve(KeptConversations.LABEL), "worktree=" + OTHER + "\nproject=" + OTHER + "\n"
                + "x".repeat(20_000));
        assertEquals(List.of(), kept.ofWorktree(OTHER));
        assertTrue(Files.isSymbolicLink(entry.resolve("home")) && Files.exists(outside.resolve("secret"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void entryNamesAreStateDirectoryNames() {
        assertTrue(KeptConversations.entryName("ccy-shop-1.1700000000"));
        assertFalse(KeptConversations.entryName("ccy-shop-1"));
        assertFalse(KeptConversations.entryName(".ccy-shop-1.1700000000.keep"));
        assertFalse(KeptConversations.entryName("worktree"));
        assertFalse(KeptConversations.entryName("../x.1"));
    }
}
