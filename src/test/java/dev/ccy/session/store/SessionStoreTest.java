package dev.ccy.session.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.CcyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class SessionStoreTest {
    public static String unit(SessionName n, String worktree) {
        return "[Container]\nImage=img\nLabel=\"ccy.session=" + n.name() + "\"\nLabel=\"ccy.project=" + n.project()
                + "\"\nLabel=\"ccy.worktree=" + worktree + "\"\n";
    }

    @Test
    void concurrentCreatorsNeverShareASlot(@TempDir Path tmp) throws Exception {
        SessionStore store = new SessionStore(tmp.resolve("q"), tmp.resolve("lock"));
        int n = 12;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            got.add(pool.submit(() -> {
                go.await();
                try (AutoCloseable lock = store.lock()) {
                    SessionName name = store.nextFree("p");
                    store.create(name, unit(name, "/w"));
                    return name.name();
                }
            }));
        }
        go.countDown();
        Set<String> names = ConcurrentHashMap.newKeySet();
        for (Future<String> f : got) {
            names.add(f.get());
        }
        pool.shutdown();
        assertEquals(n, names.size());
        assertEquals(n, store.list().size());
        try (var files = Files.list(tmp.resolve("q"))) {
            assertEquals(n, files.count(), "no temp files left behind");
        }
    }

    /** The real case: separate ccy processes. Each JVM takes the lock, picks a slot and writes it. */
    @Test
    void concurrentProcessesNeverShareASlot(@TempDir Path tmp) throws Exception {
        int n = 6;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> procs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            procs.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SlotRace.class.getName(),
                    tmp.toString()).redirectErrorStream(true).start());
        }
        Set<String> names = new java.util.HashSet<>();
        for (Process p : procs) {
            String out = new String(p.getInputStream().readAllBytes()).strip();
            assertEquals(0, p.waitFor(), out);
            names.add(out);
        }
        assertEquals(n, names.size(), names.toString());
        assertEquals(n, new SessionStore(tmp.resolve("q"), tmp.resolve("lock")).list().size());
    }

    /** One contender of {@link #concurrentProcessesNeverShareASlot}. */
    public static final class SlotRace {
        public static void main(String[] args) throws Exception {
            Path tmp = Path.of(args[0]);
            SessionStore store = new SessionStore(tmp.resolve("q"), tmp.resolve("lock"));
            try (AutoCloseable lock = store.lock()) {
                SessionName name = store.nextFree("p");
                Thread.sleep(50); // widen the window a missing lock would lose in
                store.create(name, unit(name, "/w"));
                System.out.println(name.name());
            }
        }
    }

    @Test
    void createNeverOverwrites(@TempDir Path tmp) throws Exception {
        SessionStore store = new SessionStore(tmp, tmp.resolve(".lock"));
        SessionName name = new SessionName("p", 1);
        store.create(name, unit(name, "/w"));
        assertThrows(CcyException.class, () -> store.create(name, "other"));
        assertTrue(Files.readString(tmp.resolve(name.fileName())).contains("ccy.worktree=/w"));
        assertEquals(new SessionName("p", 2), store.nextFree("p"));
    }

    @Test
    void lowestFreeSlotIsReused(@TempDir Path tmp) {
        SessionStore store = new SessionStore(tmp, tmp.resolve(".lock"));
        for (int i = 1; i <= 3; i++) {
            store.create(new SessionName("p", i), unit(new SessionName("p", i), "/w"));
        }
        store.delete(store.find(new SessionName("p", 2)).orElseThrow());
        assertEquals(new SessionName("p", 2), store.nextFree("p"));
    }

    @Test
    void anotherWorktreeWithTheSameNameGetsItsOwnProject(@TempDir Path tmp) {
        SessionStore store = new SessionStore(tmp, tmp.resolve(".lock"));
        Worktree one = new Worktree(Path.of("/home/u/one/app"), "main");
        Worktree two = new Worktree(Path.of("/home/u/two/app"), "main");
        assertEquals("app", store.projectFor(one));
        store.create(new SessionName("app", 1), unit(new SessionName("app", 1), one.path().toString()));
        assertEquals("app", store.projectFor(one), "its own sessions keep the plain slug");
        String other = store.projectFor(two);
        assertTrue(other.startsWith("app-") && !other.equals("app"), other);
    }

    @Test
    void foreignFilesAreNeitherListedNorTouched(@TempDir Path tmp) throws Exception {
        SessionStore store = new SessionStore(tmp, tmp.resolve(".lock"));
        Files.writeString(tmp.resolve("web.container"), "[Container]\nImage=nginx\n");
        Files.writeString(tmp.resolve("ccy-x-1.container"), "[Container]\nImage=img\n"); // no ccy.session label
        assertEquals(List.of(), store.list());
        assertThrows(CcyException.class, () -> store.get("ccy-x-1"));
        assertEquals(3, assertThrows(CcyException.class, () -> store.get("x-9")).exitCode());
    }

    @Test
    void namesThatCouldMeanTwoSessionsAreRefused(@TempDir Path tmp) {
        SessionStore store = new SessionStore(tmp, tmp.resolve(".lock"));
        SessionName tools = new SessionName("tools", 1);
        SessionName ccyTools = new SessionName("ccy-tools", 1);
        store.create(tools, unit(tools, "/a/tools"));
        assertEquals(tools, store.get("ccy-tools-1").name());
        store.create(ccyTools, unit(ccyTools, "/a/ccy-tools"));
        CcyException e = assertThrows(CcyException.class, () -> store.get("ccy-tools-1"));
        assertTrue(e.getMessage().contains("ccy-tools-1 or ccy-ccy-tools-1"), e.getMessage());
        assertEquals(ccyTools, store.get("ccy-ccy-tools-1").name());
        assertEquals(ccyTools, store.get("ccy-ccy-tools-1.service").name());
    }

    @Test
    void handEditedFilesWithContinuationsAreStillSessions(@TempDir Path tmp) throws Exception {
        SessionStore store = new SessionStore(tmp, tmp.resolve(".lock"));
        Files.writeString(tmp.resolve("ccy-p-1.container"),
                "[Container]\nImage=img\nLabel=\"ccy.session=ccy-p-1\" \\\n  \"ccy.worktree=/w\"\n");
        assertEquals("/w", store.get("p-1").worktree());
    }

    @Test
    void writeIfChangedReplacesAtomically(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("d/entry.sh");
        dev.ccy.AtomicFiles.writeIfChanged(f, "one", "rwxr-xr-x");
        dev.ccy.AtomicFiles.writeIfChanged(f, "two", "rwxr-xr-x");
        assertEquals("two", Files.readString(f));
        assertTrue(Files.isExecutable(f));
        try (var files = Files.list(f.getParent())) {
            assertEquals(Set.of("entry.sh"), files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
    }
}
