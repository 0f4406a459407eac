package dev.ccy.sandbox;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/**
 * A sandbox test class in which the real Claude Code takes real turns: its requests go to the
 * scripted Messages API ({@link ScriptedApi}, in this JVM, reached from the sessions' containers).
 */
abstract class AgentTurnsTest extends SandboxTest {
    static final String TOKEN = "sk-ant-oat01-MADEUP" + Long.toHexString(System.nanoTime()) + "-not-real";

    ScriptedApi api;

    /** Boots the sandbox with the agents image and an OAuth token (made up: the scripted API takes any, and it skips every dialog). */
    void bootWithClaude(String name, String worktree) throws Exception {
        api = ScriptedApi.start();
        boot(name, worktree);
        AgentImage.prepare(box, worktree);
        box.sh("printf '%s' '" + TOKEN + "' | ccy secret set claude-oauth-token").ok();
    }

    @AfterAll
    void stopApi() {
        if (api != null) {
            api.close();
        }
    }

    /** ccy new, detached, for the real Claude Code talking to the scripted API. */
    Sandbox.Result newAgentSession(String cwd, String... more) {
        List<String> args = new ArrayList<>(List.of("new", "--detach", "--image", AgentImage.IMAGE,
                "--env", "ANTHROPIC_BASE_URL=" + api.urlFromContainers(), "--env", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1"));
        args.addAll(List.of(more));
        return ccy(cwd, args.toArray(String[]::new));
    }

    /** What the agent's window shows. */
    String screen(String session) {
        return exec(session, "tmux", "capture-pane", "-p", "-J", "-t", "main:^").out();
    }

    /** Types a message into the agent's window, as a user at the keyboard does, and sends it. */
    void type(String session, String text) {
        exec(session, "tmux", "send-keys", "-t", "main:^", "-l", text).ok();
        Sandbox.pause(500); // a separate Enter, or Claude Code takes it as part of a paste
        exec(session, "tmux", "send-keys", "-t", "main:^", "Enter").ok();
    }

    /** Types a message and waits for the scripted reply on the agent's screen. */
    void sayAndAwait(String session, String message, String reply) {
        type(session, message);
        org.junit.jupiter.api.Assertions.assertTrue(
                Sandbox.waitFor(java.time.Duration.ofSeconds(60), () -> screen(session).contains(reply)),
                "the turn was answered: " + screen(session));
    }

    /** The first of the agent's requests whose new input has {@code marker}. */
    ScriptedApi.Request turn(String marker) {
        return api.agentTurns().stream().filter(r -> r.newInput().toString().contains(marker)).findFirst().orElseThrow();
    }

    /** Waits for Claude Code's prompt; then no dialog may be in front of it, nor "No conversation found" (a resume that found none). */
    void awaitPromptWithNoDialog(String session, java.time.Duration within) {
        org.junit.jupiter.api.Assertions.assertTrue(Sandbox.waitFor(within, () -> screen(session).contains("bypass permissions on")),
                "Claude Code's prompt is there: " + screen(session));
        Sandbox.pause(3000); // a dialog would be in front of it by now
        String back = screen(session);
        for (String dialog : RealAgentIT.DIALOGS) {
            org.junit.jupiter.api.Assertions.assertFalse(back.contains(dialog), "no '" + dialog + "' dialog:\n" + back);
        }
        org.junit.jupiter.api.Assertions.assertFalse(back.contains("No conversation found"), back);
    }
}
