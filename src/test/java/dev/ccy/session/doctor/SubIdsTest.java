package dev.ccy.session.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubIdsTest {
    @Test
    void countsTheUsersRangesByNameOrUid() {
        String file = "# ranges\nalice:100000:65536\nbob:165536:65536\n1000:300000:1000\n\nalice:500000:10\n";
        assertEquals(65546, SubIds.count(file, "alice", 999));
        assertEquals(66536, SubIds.count(file, "bob", 1000));
        assertEquals(0, SubIds.count(file, "carol", 1001));
    }

    @Test
    void skipsMalformedLinesAsShadowUtilsDoes() {
        assertEquals(0, SubIds.count("alice:x:65536\nalice:1:0\nalice:100000\nalicia:1:5\n", "alice", 1));
    }

    @Test
    void aMissingFileMeansNoRanges(@TempDir Path dir) throws Exception {
        assertEquals(0, SubIds.count(dir.resolve("subuid"), "alice", 1000));
        Files.writeString(dir.resolve("subuid"), "alice:100000:65536\n");
        assertEquals(65536, SubIds.count(dir.resolve("subuid"), "alice", 1000));
    }
}
