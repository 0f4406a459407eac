package dev.ccy.cli;

import dev.ccy.podman.Podman;
import dev.ccy.podman.Secrets;
import dev.ccy.session.SessionContext;
import dev.ccy.session.Sessions;
import dev.ccy.session.store.UserPaths;
import dev.ccy.systemd.UserManager;
import dev.ccy.systemd.UserRuntime;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * What ccy's commands work with, given to each once by {@link Factory} instead of reached for
 * through the root command. Everything is made on first use, so --help and --version touch
 * nothing, and closed when the run ends (the systemd connection with it).
 */
final class Services implements AutoCloseable {
    private UserPaths paths;
    private UserRuntime runtime;
    private Podman podman;
    private Sessions sessions;

    UserPaths paths() {
        if (paths == null) {
            paths = UserPaths.fromEnvironment();
        }
        return paths;
    }

    UserRuntime runtime() {
        if (runtime == null) {
            runtime = UserRuntime.detect();
        }
        return runtime;
    }

    Podman podman() {
        if (podman == null) {
            podman = sessions != null ? sessions.podman() : Podman.fromEnvironment(runtime().runtimeDir());
        }
        return podman;
    }

    Secrets secrets() {
        return new Secrets(podman());
    }

    /** The session service; {@code err} is where its warnings go (the command's picocli writer). */
    Sessions sessions(PrintWriter err) {
        if (sessions == null) {
            UserRuntime r = runtime();
            sessions = new Sessions(new SessionContext(paths(), podman(), () -> r, UserManager::connect, System.getenv(), err));
        }
        return sessions;
    }

    @Override
    public void close() {
        if (sessions != null) {
            sessions.close();
        }
    }

    /**
     * Makes ccy's commands and hands each the run's services. A class, not a lambda: see
     * {@link Main}'s note on picocli's interfaces and the class-data archive.
     */
    static final class Factory implements CommandLine.IFactory {
        private final Services services;

        Factory(Services services) {
            this.services = services;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            K made = CommandLine.defaultFactory().create(cls);
            if (made instanceof CcyCommand c) {
                c.services = services;
            }
            return made;
        }
    }
}
