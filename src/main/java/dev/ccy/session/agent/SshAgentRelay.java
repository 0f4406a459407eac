package dev.ccy.session.agent;

import dev.ccy.CcyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;

/**
 * SSH agent forwarding into sessions, opt-in, with no key file ever in a container.
 *
 * <p>A session lives longer than any login, so it cannot keep the path of one login's agent socket
 * (an SSH login's forwarded agent is /tmp/ssh-XXXX/agent.N, gone when that login ends). Instead:
 * <ul>
 * <li>a user socket unit, {@value #SOCKET_UNIT}, listens at {@code $XDG_RUNTIME_DIR/ccy/ssh/agent.sock}
 *     for as long as the user manager runs, and for each connection starts
 *     {@code systemd-socket-proxyd} towards {@code $XDG_RUNTIME_DIR/ccy/ssh-agent.current};</li>
 * <li>that is a symlink to the agent in use: the {@code SSH_AUTH_SOCK} of the most recent
 *     {@code ccy}/{@code ccy attach} that had one (so a re-attach from another login brings its
 *     agent along), or, when settings name a stable agent (e.g. gpg-agent's or a systemd
 *     ssh-agent's socket), always that one;</li>
 * <li>an opted-in session mounts the directory {@code %t/ccy/ssh} at {@value #CONTAINER_DIR} and has
 *     {@code SSH_AUTH_SOCK=}{@value #CONTAINER_SOCKET}: a directory mount, so the listening socket
 *     is the same across the symlink's changes, and nothing needs the container to restart.</li>
 * </ul>
 * The agent sees connections from the user's own uid (the proxy runs as the user), as ssh-agent
 * requires. Only the keys' use crosses into the container, never the keys.
 */
public final class SshAgentRelay {
    public static final String SOCKET_UNIT = "ccy-ssh-agent.socket";
    public static final String SERVICE_UNIT = "ccy-ssh-agent.service";
    public static final String CONTAINER_DIR = "/ccy/ssh";
    public static final String CONTAINER_SOCKET = CONTAINER_DIR + "/agent.sock";
    /** Where Debian, Fedora and Arch install the proxy (it is part of systemd). */
    static final List<Path> PROXYD = List.of(Path.of("/usr/lib/systemd/systemd-socket-proxyd"),
            Path.of("/lib/systemd/systemd-socket-proxyd"), Path.of("/usr/libexec/systemd/systemd-socket-proxyd"));

    private final Path runtimeDir;

    public SshAgentRelay(Path runtimeDir) {
        this.runtimeDir = runtimeDir;
    }

    /** The symlink to the agent in use. */
    public Path current() {
        return runtimeDir.resolve("ccy/ssh-agent.current");
    }

    /** The Quadlet lines an opted-in session's [Container] gets (%t: the user's runtime directory). */
    public static List<String> containerLines() {
        return List.of("Volume=%t/ccy/ssh:" + CONTAINER_DIR, "Environment=SSH_AUTH_SOCK=" + CONTAINER_SOCKET);
    }

    /** The proxy binary, or a clear error when this systemd has none. */
    public static Path proxyd() {
        return PROXYD.stream().filter(Files::isExecutable).findFirst().orElseThrow(() ->
                new CcyException("SSH agent forwarding needs systemd-socket-proxyd (part of systemd), not found in "
                        + PROXYD.get(0).getParent()));
    }

    static String socketUnit() {
        return "# Written by ccy: the SSH agent for ccy sessions (see ccy's README, SSH agent)\n"
                + "[Unit]\nDescription=ccy: SSH agent relay for sessions\n\n"
                + "[Socket]\nListenStream=%t/ccy/ssh/agent.sock\nSocketMode=0600\nDirectoryMode=0700\n\n"
                + "[Install]\nWantedBy=sockets.target\n";
    }

    static String serviceUnit(Path proxyd) {
        return "# Written by ccy: relays each connection to the agent that %t/ccy/ssh-agent.current names\n"
                + "[Unit]\nDescription=ccy: SSH agent relay for sessions\nRequires=" + SOCKET_UNIT + "\nAfter=" + SOCKET_UNIT + "\n\n"
                + "[Service]\nExecStart=" + proxyd + " --exit-idle-time=60s %t/ccy/ssh-agent.current\n";
    }

    /**
     * Writes the two units into the user's systemd directory (e.g. ~/.config/systemd/user) and
     * enables the socket, when they are not there as they should be; returns true if it changed
     * anything (the caller then reloads systemd and starts {@value #SOCKET_UNIT}).
     */
    public boolean install(Path userUnitDir) {
        Path proxyd = proxyd();
        boolean changed = writeIfChanged(userUnitDir.resolve(SOCKET_UNIT), socketUnit());
        changed |= writeIfChanged(userUnitDir.resolve(SERVICE_UNIT), serviceUnit(proxyd));
        Path wants = userUnitDir.resolve("sockets.target.wants").resolve(SOCKET_UNIT);
        try {
            if (!Files.isSymbolicLink(wants)) {
                Files.createDirectories(wants.getParent());
                Files.createSymbolicLink(wants, userUnitDir.resolve(SOCKET_UNIT));
                changed = true;
            }
        } catch (IOException e) {
            throw new CcyException("cannot enable " + SOCKET_UNIT + ": " + e.getMessage());
        }
        return changed;
    }

    /**
     * Points the relay at an agent socket (SSH_AUTH_SOCK of the attaching login, or the stable one
     * from settings): it must be a socket of this user's. Atomic: a connection in flight sees the
     * old agent or the new, never none. Returns false (and changes nothing) when agent is unusable.
     */
    public boolean point(String agent) {
        if (agent == null || agent.isBlank() || !agent.startsWith("/")) {
            return false;
        }
        Path target = Path.of(agent);
        try {
            PosixFileAttributes a = Files.readAttributes(target, PosixFileAttributes.class);
            Object uid = Files.getAttribute(target, "unix:uid");
            Object me = Files.getAttribute(runtimeDir, "unix:uid");
            if (!a.isOther() || !uid.equals(me)) {
                return false; // not a socket, or someone else's
            }
            Path link = current();
            Files.createDirectories(link.getParent());
            if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target)) {
                return true;
            }
            Path tmp = link.resolveSibling(".ssh-agent.current." + ProcessHandle.current().pid());
            Files.deleteIfExists(tmp);
            Files.createSymbolicLink(tmp, target);
            Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** What the most recent ccy new asked for: "attach" (follow the attaching login's agent) or "stable". */
    public Path modeFile() {
        return runtimeDir.resolve("ccy/ssh-agent.mode");
    }

    /** True when attaching should point the relay at the attaching login's agent. */
    public boolean followsAttach() {
        try {
            return Files.readString(modeFile(), StandardCharsets.UTF_8).strip().equals("attach");
        } catch (IOException e) {
            return false;
        }
    }

    /** The host directory an opted-in session mounts at {@value #CONTAINER_DIR}. */
    public Path socketDir() {
        return runtimeDir.resolve("ccy/ssh");
    }

    /**
     * Sets the relay up for a setting: "attach" follows callerSock now and each attach later; a path
     * is a stable agent. Returns a warning to show, or "" when all is well.
     */
    public String configure(String setting, String callerSock) {
        boolean attach = setting.equals("attach");
        writeIfChanged(modeFile(), (attach ? "attach" : "stable") + "\n");
        String agent = attach ? callerSock : setting;
        if (point(agent)) {
            return "";
        }
        return attach ? (callerSock == null ? "no SSH_AUTH_SOCK here: the session gets an SSH agent at the next ccy attach that has one"
                : "SSH_AUTH_SOCK " + callerSock + " is not a socket of yours: the session gets an SSH agent at the next attach")
                : "ssh_agent " + setting + " is not a socket of yours: the session's ssh-add will find no agent";
    }

    /** The agent the relay uses now, or null. */
    public Path target() {
        try {
            return Files.isSymbolicLink(current()) ? Files.readSymbolicLink(current()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean writeIfChanged(Path file, String text) {
        try {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
                return false;
            }
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            throw new CcyException("cannot write " + file + ": " + e.getMessage());
        }
    }
}
