package dev.ccy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The real agents in a session: the session image made the way a user behind a TLS-inspecting proxy
 * makes it. A Debian trixie minbase root filesystem (sandbox.sh minbase) is imported with
 * {@code podman import}, and {@code ccy image build --base} it runs the Containerfile's real apt-get
 * and npm install of Claude Code and OpenAI's Codex CLI. npm only gets through the proxy because ccy
 * hands the host's CA trust store to the build: the sandbox's trust store is the host's, as on a
 * corporate machine.
 *
 * <p>The build takes minutes (and 1.5 GB), so the built image is saved to sandbox.sh's cache,
 * keyed by what goes into it (Containerfile, entrypoint, base, packages), and later runs load it and
 * check that {@code ccy image build} finds it up to date.
 */
class RealAgentIT extends SandboxTest {
    static final String WORK = "/home/dev/work/real";
    static final String IMAGE = AgentImage.IMAGE;

    String session;

    @BeforeAll
    void boot() throws Exception {
        boot("agent", WORK);
        AgentImage.prepare(box, WORK);
        box.sh("git config --global user.name 'Dev Sandbox' && git config --global user.email dev@sandbox.example").ok();
    }

    String screen(String s) {
        return exec(s, "tmux", "capture-pane", "-p", "-t", "main:^").out();
    }

    @Test
    @Order(1)
    void theImageHasBothAgentsAndNothingOfTheBuildsTrustStore() {
        String claude = box.user(null, "podman", "run", "--rm", "--entrypoint=", IMAGE, "claude", "--version").ok().out();
        assertTrue(claude.contains("(Claude Code)"), claude);
        String codex = box.user(null, "podman", "run", "--rm", "--entrypoint=", IMAGE, "codex", "--version").ok().out();
        assertTrue(codex.startsWith("codex"), codex);
        String env = box.user(null, "podman", "image", "inspect", "--format", "{{.Config.Env}}", IMAGE).ok().out();
        assertFalse(env.contains("NODE_EXTRA_CA_CERTS"), "the build's CA is not the image's: " + env);
        assertFalse(box.user(null, "podman", "run", "--rm", "--entrypoint=", IMAGE, "sh", "-c",
                "test -s /etc/ssl/certs/ccy-build-host-ca.crt").exit() == 0, "the host's bundle is not baked in");
    }

    static final String TOKEN = "sk-ant-oat01-MADEUP" + Long.toHexString(System.nanoTime()) + "-not-real";
    static final String TOKEN2 = "sk-ant-oat01-ROTATED" + Long.toHexString(System.nanoTime()) + "-not-real";

    /** Everything ccy printed in this class, to prove no secret value is ever in it. */
    final StringBuilder ccyOutput = new StringBuilder();

    Sandbox.Result ccyIn(String cwd, String... args) {
        Sandbox.Result r = ccy(cwd, args);
        ccyOutput.append(r.out()).append(r.err());
        return r;
    }

    @Test
    @Order(2)
    void secretsAreSetFromStdinOrTheEnvironmentListedWithoutValuesAndRemoved() {
        // stdin that is not a terminal: the whole of it, less the newline echo adds
        Sandbox.Result set = box.sh("echo '" + TOKEN + "' | ccy secret set claude-oauth-token");
        ccyOutput.append(set.out()).append(set.err());
        set.ok();
        Sandbox.Result env = box.sh("GHT=gh-made-up ccy secret set gh-token --from-env GHT");
        ccyOutput.append(env.out()).append(env.err());
        env.ok();
        assertEquals("true", box.user(null, "podman", "secret", "inspect", "--format", "{{index .Spec.Labels \"ccy.secret\"}}",
                "claude-oauth-token").ok().out().strip(), "labelled as ccy's");
        assertEquals(TOKEN, box.user(null, "podman", "secret", "inspect", "--showsecret", "--format", "{{.SecretData}}",
                "claude-oauth-token").ok().out().strip(), "stored as given, without the newline");
        String list = ccyIn(null, "secret", "list").ok().out();
        assertTrue(list.lines().anyMatch(l -> l.startsWith("claude-oauth-token ")), list);
        assertTrue(list.lines().anyMatch(l -> l.startsWith("gh-token ")), list);
        // someone else's podman secret is neither listed, replaced nor removed
        box.sh("printf x | podman secret create theirs -").ok();
        assertFalse(ccyIn(null, "secret", "list").ok().out().contains("theirs"));
        Sandbox.Result refuse = ccyIn(null, "secret", "rm", "theirs");
        assertEquals(1, refuse.exit(), refuse.toString());
        assertTrue(box.user(null, "podman", "secret", "exists", "theirs").exit() == 0);
        Sandbox.Result bad = ccyIn(null, "secret", "set", "a,b", "--from-env", "HOME");
        assertEquals(2, bad.exit(), bad.toString());
        assertEquals(1, bad.err().lines().count(), bad.toString());
        ccyIn(null, "secret", "rm", "gh-token").ok();
        assertEquals(3, ccyIn(null, "secret", "rm", "gh-token").exit(), "gone");
    }

    /**
     * The token as the session's processes have it: the environment of its PID 1, which the agent
     * inherits. (Not a podman exec's own: podman exec reads the secret again, so it sees a new
     * value at once.)
     */
    String tokenHashInside(String s) {
        return exec(s, "sh", "-c", "tr '\\0' '\\n' < /proc/1/environ | sed -n 's/^CLAUDE_CODE_OAUTH_TOKEN=//p' | tr -d '\\n' | sha256sum")
                .out().strip();
    }

    static String sha(String v) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(v.getBytes(StandardCharsets.UTF_8))) + "  -";
    }

    /** Dialogs Claude Code shows before its prompt when its HOME is not seeded (claude-code.md). */
    static final List<String> DIALOGS = List.of("Is this a project you created or one you trust", "Yes, I accept",
            "Choose the text style", "Select login method", "Unable to connect to Anthropic services");

    @Test
    @Order(3)
    void aNewSessionGoesStraightToClaudeCodesPromptWithTheToken() throws Exception {
        long t = System.nanoTime();
        Sandbox.Result created = ccyIn(WORK, "new", "--detach", "--image", IMAGE);
        created.ok();
        session = created.out().strip();
        // the first container of a new 1.5 GB image waits for podman's keep-id copy of it
        SessionLifecycleIT.figure("first-session-on-agents-image", (System.nanoTime() - t) / 1e9);
        assertEquals(sha(TOKEN), tokenHashInside(session), "the profile's secret, which exists, is the agent's environment");
        String v = exec(session, "claude", "--version").ok().out();
        assertTrue(v.matches("(?s)\\d+\\.\\d+\\.\\d+ \\(Claude Code\\)\\s*"), v);
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(60), () -> screen(session).contains("bypass permissions on")),
                "Claude Code's own prompt: " + screen(session));
        Sandbox.pause(3000); // a dialog would come up in front of it by now
        String screen = screen(session);
        for (String dialog : DIALOGS) {
            assertFalse(screen.contains(dialog), "no '" + dialog + "' dialog:\n" + screen);
        }
        assertTrue(screen.contains("❯") || screen.contains(">"), screen);
        // the user's git identity inside, from the worktree's git config on the host
        assertEquals("Dev Sandbox\ndev@sandbox.example", exec(session, "sh", "-c",
                "git config user.name; git config user.email").ok().out().strip());
        // told where it runs
        assertTrue(exec(session, "cat", "/ccy/state/home/.claude/CLAUDE.md").ok().out().contains("ccy session"));
    }

    @Test
    @Order(4)
    void theTokenReachesTheSessionAndNothingElseAndRotatingReachesItAtTheNextStart() throws Exception {
        assertNoTokenAnywhere(TOKEN);

        Sandbox.Result rotate = box.sh("printf '%s' '" + TOKEN2 + "' | ccy secret set claude-oauth-token");
        ccyOutput.append(rotate.out()).append(rotate.err());
        rotate.ok();
        assertEquals(sha(TOKEN), tokenHashInside(session), "a running session keeps the value it started with");
        ccyIn(WORK, "stop", session).ok();
        ccyIn(WORK, "start", session).ok();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(60), () -> exec(session, "true").exit() == 0));
        assertEquals(sha(TOKEN2), tokenHashInside(session), "the next start has the new value");
        String list = ccyIn(null, "secret", "list").ok().out();
        assertTrue(list.lines().anyMatch(l -> l.startsWith("claude-oauth-token ") && l.endsWith(session)), "used by: " + list);
        assertNoTokenAnywhere(TOKEN2);
    }

    void assertNoTokenAnywhere(String token) {
        String unit = session + ".service";
        Map<String, String> places = new java.util.LinkedHashMap<>();
        places.put("unit files", box.sh("cat ~/.config/containers/systemd/" + session + ".container"
                + " /run/user/1000/systemd/generator/" + unit).ok().out());
        places.put("podman inspect", box.user(null, "podman", "inspect", session).out());
        places.put("systemctl --user show", box.user(null, "systemctl", "--user", "show", unit).out());
        places.put("the journal", box.root("journalctl", "--no-pager", "-o", "verbose").out());
        places.put("process arguments", box.root("sh", "-c", "cat /proc/[0-9]*/cmdline | tr '\\0' ' '").out());
        places.put("ccy's output", ccyOutput.toString());
        places.put("the worktree", box.sh("grep -rl -- '" + token + "' " + WORK + " || true").out());
        places.put("the session's state directory", box.sh("grep -rl -- '" + token + "' ~/.local/share/ccy || true").out());
        places.forEach((where, text) -> assertFalse(text.contains(token), "the token is in " + where));
        assertTrue(places.get("systemctl --user show").contains("claude-oauth-token"), "only its name");
        // where podman keeps it: the user's alone
        assertEquals("700", box.sh("stat -c %a ~/.local/share/containers/storage/secrets").ok().out().strip());
    }

    @Test
    @Order(5)
    void theSecondAgentsRealCliStartsInItsSession() {
        String s = ccyIn(WORK, "new", "--detach", "--image", IMAGE, "--agent", "codex").ok().out().strip();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(60), () -> exec(s, "sh", "-c", "ps -eo args | grep -q '^[^ ]*codex'").exit() == 0),
                "codex runs: " + exec(s, "ps", "-eo", "args").out() + "\n" + screen(s));
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(30), () -> screen(s).toLowerCase(java.util.Locale.ROOT).contains("codex")),
                "its own screen: " + screen(s));
        assertTrue(exec(s, "cat", "/ccy/state/home/.codex/config.toml").ok().out().contains("trust_level = \"trusted\""));
        assertFalse(screen(s).contains("[ccy] the agent exited"), screen(s));
        ccyIn(WORK, "rm", s).ok();
    }

    @Test
    @Order(6)
    void aPromptReachesTheAgentAsItWasWritten() {
        box.sh("printf 'Reply with the word pineapple.\\nThen stop; it is a test.\\n' > ~/task.txt").ok();
        String s = ccyIn(WORK, "new", "--detach", "--image", IMAGE, "--prompt-file", "/home/dev/task.txt").ok().out().strip();
        assertFalse(box.sh("cat ~/.config/containers/systemd/" + s + ".container").ok().out().contains("pineapple"),
                "the task is not in the unit file");
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(60), () -> screen(s).contains("Reply with the word pineapple.")),
                "Claude Code got the task as its first message: " + screen(s));
        assertTrue(screen(s).contains("Then stop; it is a test."), "both lines: " + screen(s));
        Sandbox.Result both = ccyIn(WORK, "new", "--detach", "--prompt", "x", "--prompt-file", "/home/dev/task.txt");
        assertEquals(2, both.exit(), both.toString());
        ccyIn(WORK, "rm", s).ok();
    }

    static final String PROJ = "/home/dev/work/proj";
    static final String SMALL = "localhost/ccy-test:latest";

    void containerfile(String run) {
        box.sh("mkdir -p " + PROJ + "/.git " + PROJ + "/.claude/ccy && echo 'ref: refs/heads/main' > " + PROJ + "/.git/HEAD"
                + " && printf 'ARG BASE\\nFROM ${BASE}\\nRUN " + run + "\\n' > " + PROJ + "/.claude/ccy/Containerfile").ok();
    }

    String imageOfUnit(String s) {
        return box.sh("sed -n 's/^Image=//p' ~/.config/containers/systemd/" + s + ".container").ok().out().strip();
    }

    String imageId(String image) {
        return box.user(null, "podman", "image", "inspect", "--format", "{{.Id}}", image).out().strip();
    }

    @Test
    @Order(7)
    void aProjectContainerfileIsBuiltOnceWhenTrustedRebuiltWhenChangedAndABrokenOneFailsCleanly() {
        String tag = "localhost/ccy-proj:latest";
        containerfile("echo v1 > /etc/project-marker");
        Sandbox.Result untrusted = ccyIn(PROJ, "new", "--detach", "--image", SMALL, "--", "bash").ok();
        assertTrue(untrusted.err().contains("not building") && untrusted.err().contains("ccy trust"), untrusted.toString());
        String s0 = untrusted.out().strip();
        assertEquals(SMALL, imageOfUnit(s0), "an untrusted Containerfile is not built");
        assertEquals("", imageId(tag));
        ccyIn(PROJ, "rm", s0).ok();

        ccyIn(PROJ, "trust", PROJ + "/.claude/ccy/Containerfile").ok();
        Sandbox.Result built = ccyIn(PROJ, "new", "--detach", "--image", SMALL, "--", "bash").ok();
        assertTrue(built.err().contains("building " + tag), built.toString());
        assertTrue(built.err().contains("STEP"), "the build's progress is shown: " + built);
        String s1 = built.out().strip();
        assertEquals(tag, imageOfUnit(s1));
        assertEquals("v1", exec(s1, "cat", "/etc/project-marker").ok().out().strip());
        String id = imageId(tag);

        Sandbox.Result reused = ccyIn(PROJ, "new", "--detach", "--image", SMALL, "--", "bash").ok();
        assertFalse(reused.err().contains("building"), "built once: " + reused);
        assertEquals(id, imageId(tag));

        containerfile("echo v2 > /etc/project-marker");
        Sandbox.Result changedUntrusted = ccyIn(PROJ, "new", "--detach", "--image", SMALL, "--", "bash").ok();
        assertTrue(changedUntrusted.err().contains("not building"), "a change needs trusting again: " + changedUntrusted);
        assertEquals(SMALL, imageOfUnit(changedUntrusted.out().strip()));
        ccyIn(PROJ, "trust", PROJ + "/.claude/ccy/Containerfile").ok();
        String s3 = ccyIn(PROJ, "new", "--detach", "--image", SMALL, "--", "bash").ok().out().strip();
        assertNotEquals(id, imageId(tag), "rebuilt after the change");
        assertEquals("v2", exec(s3, "cat", "/etc/project-marker").ok().out().strip());

        containerfile("echo about to fail; exit 3");
        ccyIn(PROJ, "trust", PROJ + "/.claude/ccy/Containerfile").ok();
        String units = box.sh("ls ~/.config/containers/systemd/").ok().out();
        Sandbox.Result broken = ccyIn(PROJ, "new", "--detach", "--image", SMALL, "--", "bash");
        assertEquals(1, broken.exit(), broken.toString());
        String last = broken.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("ccy: the project image " + tag + " did not build") && last.contains("no session was created"), last);
        assertTrue(broken.err().contains("about to fail"), "the build's log above it: " + broken);
        assertFalse(broken.err().contains("Exception"), broken.toString());
        assertEquals(units, box.sh("ls ~/.config/containers/systemd/").ok().out(), "no session half-created");
        assertEquals("v2", box.user(null, "podman", "run", "--rm", "--entrypoint=", tag, "cat", "/etc/project-marker").ok().out().strip(),
                "the last good image stays");
    }

    /** An ssh-agent of the user's in the sandbox (outside every container) holding one new key. */
    void agentWithKey(String name) {
        box.sh("rm -f /tmp/" + name + ".sock ~/" + name + " ~/" + name + ".pub && ssh-keygen -q -t ed25519 -N '' -C " + name + " -f ~/" + name
                + " && ssh-agent -a /tmp/" + name + ".sock >/dev/null && SSH_AUTH_SOCK=/tmp/" + name + ".sock ssh-add -q ~/" + name).ok();
    }

    @Test
    @Order(8)
    void theSessionUsesTheSshAgentOfTheMostRecentAttachAndHoldsNoKey() {
        agentWithKey("keyA");
        agentWithKey("keyB");
        box.sh("mkdir -p ~/.config/ccy && echo 'ssh_agent = \"attach\"' >> ~/.config/ccy/config.toml").ok();
        try {
            Sandbox.Result r = box.sh("cd " + WORK + " && SSH_AUTH_SOCK=/tmp/keyA.sock ccy new --detach --image " + IMAGE + " -- bash");
            ccyOutput.append(r.out()).append(r.err());
            String s = r.ok().out().strip();
            String listed = exec(s, "ssh-add", "-l").ok().out();
            assertTrue(listed.contains("keyA") && !listed.contains("keyB"), listed);
            assertEquals("", exec(s, "sh", "-c", "grep -rl 'PRIVATE KEY' /ccy /workspace /root /tmp /etc /home 2>/dev/null; true")
                    .out().strip(), "no key file in the container");
            // a re-attach from another login, with its own agent: the session follows it
            box.sh("SSH_AUTH_SOCK=/tmp/keyB.sock timeout 10 script -qec 'ccy attach " + s + "' /dev/null </dev/null >/dev/null 2>&1; true");
            String after = exec(s, "ssh-add", "-l").ok().out();
            assertTrue(after.contains("keyB") && !after.contains("keyA"), after);
            ccyIn(WORK, "rm", s).ok();
        } finally {
            box.sh("sed -i '/^ssh_agent/d' ~/.config/ccy/config.toml");
        }
    }
}
