package dev.ccy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** The name grammars, by example: what each admits and what would break the place it goes to. */
class NamesTest {
    @Test
    void eachGrammarAdmitsItsExamplesAndRefusesTheRest() {
        assertTrue(Names.isName("gh-token.2"));
        assertTrue(Names.isName("x".repeat(63)));
        for (String bad : List.of("", "a,type=mount", "-x", ".x", "a b", "a/b", "a=b", "x".repeat(64))) {
            assertFalse(Names.isName(bad), bad);
        }
        assertFalse(Names.isName(null));
        assertTrue(Names.isEnvVar("_X1"));
        assertFalse(Names.isEnvVar("1X"));
        assertFalse(Names.isEnvVar("A-B"));
        assertTrue(Names.isImage("docker.io/library/node:22@sha256:abc"));
        assertFalse(Names.isImage("node 22"));
        assertFalse(Names.isImage("$IMAGE"));
        assertTrue(Names.isProject("my-app"));
        assertFalse(Names.isProject("My_App"));
        assertTrue(Names.isAgentProfile("claude"));
        assertFalse(Names.isAgentProfile("Claude"));
        Matcher m = Names.SESSION.matcher("ccy-my-app-12");
        assertTrue(m.matches());
        assertEquals("my-app", m.group(1));
        assertEquals("12", m.group(2));
        assertFalse(Names.SESSION.matcher("ccy-my-app-0").matches());
    }
}
