package dev.ccy.quadlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.CcyException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class UnitValuesTest {
    static final String[] HOSTILE = {
        "plain", "with space", "100%", "%h%n%%", "say \"hi\"", "it's", "back\\slash", "]",
        "[Service]", "Key=Value", "$HOME", "${PATH}", "$$", "ünïcødé 日本 🚀", "a\\\"b", " lead", "trail "
    };

    @Test
    void wordsRoundTripThroughTheParser() {
        for (String v : HOSTILE) {
            String line = "Label=" + UnitValues.word("v", "k=" + v);
            UnitFile f = UnitFile.parse("[Container]\n" + line + "\n");
            assertEquals(1, f.entries().size(), line);
            assertEquals(v, f.labels(true).get("k"), line);
        }
    }

    @Test
    void specifiersAndVariablesAreEscapedForExecStart() {
        assertEquals("\"100%% $$HOME\"", UnitValues.word("v", "100% $HOME"));
        assertEquals("/a%%b/$$c", UnitValues.raw("v", "/a%b/$c"));
        assertEquals("50%% done $HOME", UnitValues.plain("v", "50% done $HOME"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nKey=evil", "a\rb", "tab\there", "nul\0", "del\u007f", "ls\u2028", "c1\u0085"})
    void controlCharactersAreRefusedEverywhere(String v) {
        CcyException e = assertThrows(CcyException.class, () -> UnitValues.word("worktree path", v));
        assertTrue(e.getMessage().startsWith("worktree path cannot go into a unit file"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
        assertThrows(CcyException.class, () -> UnitValues.plain("x", v));
        assertThrows(CcyException.class, () -> UnitValues.raw("x", v));
    }

    @Test
    void trailingBackslashWouldContinueTheLine() {
        assertThrows(CcyException.class, () -> UnitValues.plain("x", "dir\\"));
        assertThrows(CcyException.class, () -> UnitValues.raw("x", "dir\\"));
        // inside quotes it is escaped, so the line ends with a quote
        assertEquals("\"dir\\\\\"", UnitValues.word("x", "dir\\"));
    }

    @Test
    void rawRefusesBlanksTheParsersWouldTrim() {
        assertThrows(CcyException.class, () -> UnitValues.raw("x", " /lead"));
        assertThrows(CcyException.class, () -> UnitValues.raw("x", "/trail "));
        assertEquals("/in side", UnitValues.raw("x", "/in side"));
    }

    @Test
    void wordsSplitLikeSystemd() {
        assertEquals(List.of("a", "b c", "d\"e", "50%"), UnitFile.words("a \"b c\" \"d\\\"e\" 50%%"));
    }

    @Test
    void csvRecordsRoundTripAndQuoteOnlyWhatNeedsIt() {
        assertEquals("type=bind,source=/a/b,relabel=shared", UnitValues.csv("v", List.of("type=bind", "source=/a/b", "relabel=shared")));
        assertEquals("\"source=/a:b, c\",\"x=\"\"q\"\"\",\"t \",\"\"", UnitValues.csv("v", List.of("source=/a:b, c", "x=\"q\"", "t ", "")));
        for (String v : HOSTILE) {
            List<String> fields = List.of("type=bind", "source=/w/" + v, v, "," + v + ",");
            assertEquals(fields, UnitValues.csvFields(UnitValues.csv("v", fields)), v);
            // and through the unit's word quoting, as Quadlet reads Mount=
            String line = "Mount=" + UnitValues.word("v", UnitValues.csv("v", fields));
            List<String> words = UnitFile.words(UnitFile.parse("[Container]\n" + line + "\n").last("Container", "Mount").orElseThrow());
            assertEquals(List.of(UnitValues.csv("v", fields)), words, line);
        }
        assertThrows(CcyException.class, () -> UnitValues.csv("v", List.of("a\nb")));
    }
}
