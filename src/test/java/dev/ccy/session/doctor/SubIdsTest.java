package dev.ccy.session.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void genericDropInsAreFoundInEveryQuadletDirectory(@TempDir Path dir) throws Exception {
        Path user = dir.resolve("config/containers/systemd");
        Files.createDirectories(user.resolve("container.d"));
        Files.writeString(user.resolve("container.d/50-proxy.conf"), "[Container]\nEnvironment=HTTP_PROXY=x\n");
        Files.writeString(user.resolve("container.d/README"), "not a drop-in");
        // ccy's own prefix directory and a unit's own directory do not leak into other units
        Files.createDirectories(user.resolve("ccy-.container.d"));
        Files.writeString(user.resolve("ccy-.container.d/10-ccy.conf"), "[Container]\n");
        Files.createDirectories(user.resolve("web.container.d"));
        Files.writeString(user.resolve("web.container.d/10.conf"), "[Container]\n");
        List<Path> search = DropIns.searchPath(dir.resolve("run"), dir.resolve("config"), 1000);
        assertEquals(List.of(user.resolve("container.d/50-proxy.conf")), DropIns.generic(search));
        assertEquals(dir.resolve("run/containers/systemd"), search.get(0));
        assertEquals(Path.of("/etc/containers/systemd/users/1000"), search.get(2));
    }
}
