package dev.ccy.session.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DropInsTest {
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
        assertEquals(List.of(user.resolve("container.d/50-proxy.conf")), DropIns.typeWide(search));
        assertEquals(dir.resolve("run/containers/systemd"), search.get(0));
        assertEquals(Path.of("/etc/containers/systemd/users/1000"), search.get(2));
    }
}
