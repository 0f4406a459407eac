package dev.ccy.sandbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The session image with the real agents (RealAgentIT says how it is made), for every test class
 * that needs them: built by {@code ccy image build} once and cached in sandbox.sh's cache, keyed by
 * what goes into it, then loaded.
 */
final class AgentImage {
    static final String BASE = "localhost/trixie-minbase:it";
    static final String IMAGE = "localhost/ccy-agents:it";
    static final List<String> PACKAGES = List.of("@anthropic-ai/claude-code", "@openai/codex");
    /** Bump to throw the cached image away. */
    static final int FORMAT = 1;

    private AgentImage() {
    }

    static String[] buildArgs() {
        List<String> args = new java.util.ArrayList<>(List.of("image", "build", "--base", BASE, "--tag", IMAGE));
        PACKAGES.forEach(p -> args.addAll(List.of("--agent-package", p)));
        return args.toArray(String[]::new);
    }

    /** Builds the image with ccy (once; cached across runs), or loads the cached one. */
    static void prepare(Sandbox box, String cwd) throws Exception {
        // the machine's trust store has the proxy's CA, as the host's does; images have none of it
        Path bundle = Path.of("/etc/ssl/certs/ca-certificates.crt");
        Path inside = box.root().resolve("etc/ssl/certs/ca-certificates.crt");
        Files.createDirectories(inside.getParent());
        Files.copy(bundle, inside, StandardCopyOption.REPLACE_EXISTING);
        Path minbase = Sandbox.minbase();
        Path cache = Sandbox.cache();
        Path saved = cache.resolve("agent-image-" + key(minbase) + ".tar");
        Path inBox = box.root().resolve("var/tmp/minbase.tar");
        link(minbase, inBox);
        box.user(null, "podman", "import", "--quiet", "--change", "CMD [\"/bin/bash\"]", "/var/tmp/minbase.tar", BASE).ok();
        Files.deleteIfExists(inBox);
        // one builder at a time (two checkouts, a rerun): the others wait and load its result
        try (FileChannel ch = FileChannel.open(cache.resolve(".agent-image.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            Path archive = box.root().resolve("var/tmp/agents.tar");
            if (Files.isRegularFile(saved)) {
                link(saved, archive);
                box.userFor(Duration.ofMinutes(10), null, "podman", "load", "--quiet", "--input", "/var/tmp/agents.tar").ok();
                Files.deleteIfExists(archive);
                Sandbox.Result again = box.userFor(Duration.ofMinutes(30), cwd, prefixed(buildArgs())).ok();
                assertTrue(again.err().contains("is up to date"), "the cached image is what ccy would build: " + again);
                return;
            }
            long t = System.nanoTime();
            Sandbox.Result built = box.userFor(Duration.ofMinutes(30), cwd, prefixed(buildArgs())).ok();
            SessionLifecycleIT.figure("image-build-real-agents", (System.nanoTime() - t) / 1e9);
            assertTrue(built.err().contains("trusting the CAs of /etc/ssl/certs/ca-certificates.crt"), built.err());
            box.userFor(Duration.ofMinutes(10), null, "podman", "save", "--quiet", "--output", "/var/tmp/agents.tar", IMAGE).ok();
            Files.move(archive, saved.resolveSibling(saved.getFileName() + ".tmp"), StandardCopyOption.REPLACE_EXISTING);
            Files.move(saved.resolveSibling(saved.getFileName() + ".tmp"), saved, StandardCopyOption.ATOMIC_MOVE);
            // older keys' images: 1.5 GB each
            try (var old = Files.newDirectoryStream(cache, "agent-image-*.tar")) {
                for (Path p : old) {
                    if (!p.equals(saved)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    static String[] prefixed(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "ccy";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return cmd;
    }

    /** A hard link where it can (the cache and target/ share a file system here), else a copy; readable by dev. */
    static void link(Path from, Path to) throws Exception {
        Files.createDirectories(to.getParent());
        Files.deleteIfExists(to);
        try {
            Files.createLink(to, from);
        } catch (Exception e) {
            Files.copy(from, to);
        }
        to.toFile().setReadable(true, false);
    }

    static String key(Path minbase) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update(Files.readAllBytes(Path.of("container/Containerfile")));
        d.update(Files.readAllBytes(Path.of("templates/session-entrypoint.sh")));
        d.update((minbase.getFileName() + "\0" + String.join(" ", PACKAGES) + "\0" + FORMAT).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d.digest()).substring(0, 16);
    }

}
