package dev.ccy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bad input: one clear line on stderr and a non-zero exit, never a stack trace. */
class CliTest {
    record Run(int exit, String out, String err) {
    }

    static Run ccy(String... args) {
        return ccyWidth(80, args);
    }

    static Run ccyWidth(int width, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(width, args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    static void assertOneLineError(Run r, int exit, String contains) {
        assertEquals(exit, r.exit(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("ccy: ") && r.err().contains(contains), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void unknownOptionsAndCommands() {
        assertOneLineError(ccy("bogus"), 2, "bogus");
        assertOneLineError(ccy("new", "--nope"), 2, "--nope");
        assertOneLineError(ccy("start"), 2, "SESSION");
        assertOneLineError(ccy("wait"), 2, "SESSION");
        assertOneLineError(ccy("wait", "web-1", "--until", "asleep"), 2, "is not an activity to wait for");
        assertOneLineError(ccy("wait", "web-1", "--timeout", "soon"), 2, "is not a duration");
        assertOneLineError(ccy("list", "--filter", "activity=asleep"), 2, "is not an activity");
    }

    @Test
    void waitsHelpListsItsOwnExitCodes() {
        Run r = ccy("wait", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("4   ccy wait: the timeout passed") || r.out().matches("(?s).*\\b4\\s+ccy wait: the timeout.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\b5\\s+ccy wait: a session stopped.*"), r.out());
    }

    @Test
    void badSessionNamesAndImages() {
        assertOneLineError(ccy("stop", "not a name"), 2, "is not a session name or alias");
        assertOneLineError(ccy("new", "--name", "web-2", "--detach"), 2, "reads like a session name");
        assertOneLineError(ccy("new", "--name", "a b", "--detach"), 2, "is not allowed");
        assertOneLineError(ccy("prune", "--older-than", "7 dayz"), 2, "is not a duration");
        assertOneLineError(ccy("render", "--image", "bad image"), 2, "is not an image reference");
        assertOneLineError(ccy("render", "--podman-version", "4.3"), 2, "has no Quadlet");
        for (String bad : new String[] {"abc", "5", "v5.4", "5.4-rc1", "podman version 5.4"}) {
            assertOneLineError(ccy("render", "--podman-version", bad), 2, "is not a Podman version");
        }
        assertOneLineError(ccy("render", "--", "a\nb"), 1, "control character");
    }

    @Test
    void renderPrintsAUnitAndHelpAndVersionWork() {
        Run r = ccy("render", "--podman-version", "5.4", "--image", "localhost/x:1", "--", "agent", "arg");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Image=localhost/x:1") && r.out().contains("Exec=\"agent\" \"arg\""), r.out());
        // "@file" is an argument for the agent, not a file for picocli to expand
        Run at = ccy("render", "--podman-version", "5.4", "--", "agent", "@pom.xml");
        assertTrue(at.out().contains("Exec=\"agent\" \"@pom.xml\""), at.out());
        assertEquals(0, ccy("--version").exit());
        Run help = ccy("new", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("--detach"), help.out());
    }
}
