package dev.ccy.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.quadlet.UnitFile;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionDetailsTest {
    static final UnitFile UNIT = UnitFile.parse("""
            [Container]
            Image=localhost/claude-yolo:latest
            Volume=/home/a/My 50%% $$HOME:/workspace:z
            Volume=/home/a/.local/share/ccy/session-entrypoint.sh:/usr/local/libexec/ccy-entrypoint:ro,z
            Volume=/data
            Mount="type=bind,\\"source=/home/a/x:y, \\"\\"z\\"\\" 5%%\\",destination=/workspace,relabel=shared"
            Secret=anthropic-key,type=env,target=ANTHROPIC_API_KEY
            Secret=gh-token
            Environment=TERM=xterm-256color LANG=C.UTF-8 HOME=/ccy/state/home
            Environment="CCY_RESUME_CMD=claude --continue"
            Exec="claude" "--dangerously-skip-permissions"
            """);

    @Test
    void mountsWithTheirEscapesUndone() {
        assertEquals(List.of(new SessionDetails.Mount("/home/a/My 50% $HOME", "/workspace", "z"),
                new SessionDetails.Mount("/home/a/.local/share/ccy/session-entrypoint.sh", "/usr/local/libexec/ccy-entrypoint", "ro,z"),
                new SessionDetails.Mount("", "/data", ""),
                new SessionDetails.Mount("/home/a/x:y, \"z\" 5%", "/workspace", "relabel=shared")), SessionDetails.mounts(UNIT));
    }

    @Test
    void secretsByNameOnly() {
        assertEquals(List.of("anthropic-key", "gh-token"), SessionDetails.secrets(UNIT));
    }

    @Test
    void resumeCommandFromItsEnvironmentWord() {
        assertEquals("claude --continue", SessionDetails.resume(UNIT));
        assertEquals("", SessionDetails.resume(UnitFile.parse("[Container]\nEnvironment=A=1\n")));
    }

    @Test
    void handEditedMountLinesAreShownNotTrustedAndNeverThrow() {
        for (String v : List.of("", "\"", "\"unclosed", "type=bind", ",,,,", "\"\"\"\"", "source=", "=", "a b c", "%n $X",
                "\"type=bind,\\\"source=/x,destination=/y\"", "type=bind,source=/a,source=/b,dst=/c,target=/d")) {
            List<SessionDetails.Mount> m = SessionDetails.mounts(UnitFile.parse("[Container]\nMount=" + v + "\n"));
            assertTrue(m.size() <= 3, v + " -> " + m); // display only: ccy acts on the labels, never on these
        }
    }
}
