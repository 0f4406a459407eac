package dev.ccy.session.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshAgentRelayTest {
    @TempDir
    Path dir;

    @Test
    void pointsOnlyAtTheUsersOwnSocketsAndSwitchesAtomically() throws Exception {
        SshAgentRelay relay = new SshAgentRelay(dir);
        assertNull(relay.target());
        Path a = dir.resolve("a.sock");
        Path b = dir.resolve("b.sock");
        try (ServerSocketChannel sa = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
             ServerSocketChannel sb = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            sa.bind(UnixDomainSocketAddress.of(a));
            sb.bind(UnixDomainSocketAddress.of(b));
            assertTrue(relay.point(a.toString()));
            assertEquals(a, relay.target());
            assertTrue(relay.point(b.toString()), "a re-attach from another login brings its agent");
            assertEquals(b, relay.target());
        }
        Files.writeString(dir.resolve("file"), "x");
        assertFalse(relay.point(dir.resolve("file").toString()), "not a socket");
        assertFalse(relay.point("relative.sock"));
        assertFalse(relay.point(null));
        assertFalse(relay.point(dir.resolve("missing").toString()));
        assertEquals(b, relay.target(), "a bad SSH_AUTH_SOCK leaves the agent in use alone");
    }

    @Test
    void unitsUseTheRuntimeDirectorySpecifierAndNoLoginsPath() throws Exception {
        Path units = dir.resolve("systemd/user");
        if (SshAgentRelay.PROXYD.stream().noneMatch(Files::isExecutable)) {
            org.junit.jupiter.api.Assumptions.abort("no systemd-socket-proxyd on this machine; the sandbox test covers it");
        }
        assertTrue(new SshAgentRelay(dir).install(units));
        String socket = Files.readString(units.resolve(SshAgentRelay.SOCKET_UNIT));
        assertTrue(socket.contains("ListenStream=%t/ccy/ssh/agent.sock"), socket);
        assertTrue(Files.readString(units.resolve(SshAgentRelay.SERVICE_UNIT)).contains("%t/ccy/ssh-agent.current"));
        assertTrue(Files.isSymbolicLink(units.resolve("sockets.target.wants/" + SshAgentRelay.SOCKET_UNIT)));
        assertFalse(new SshAgentRelay(dir).install(units), "unchanged the second time");
        assertEquals(List.of("Volume=%t/ccy/ssh:/ccy/ssh", "Environment=SSH_AUTH_SOCK=/ccy/ssh/agent.sock"), SshAgentRelay.containerLines());
    }
}
