package dev.ccy.cli;

import dev.ccy.CcyException;
import dev.ccy.podman.Podman;
import dev.ccy.session.SessionContext;
import dev.ccy.session.Sessions;
import dev.ccy.session.UserPaths;
import dev.ccy.systemd.UserManager;
import dev.ccy.systemd.UserRuntime;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ccy}: persistent, resumable AI coding-agent sessions as Podman Quadlet user services. */
@Command(name = "ccy", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Run an AI coding agent in a container as a systemd user service with tmux inside:",
                "detach, log out, reboot, and attach again from the desktop or over SSH.",
                "",
                "Without a command: resume this worktree's session (the most recently used one), starting it if",
                "it is stopped and creating one if it has none, and attach to it."},
        subcommands = {NewCommand.class, AttachCommand.class, ListCommand.class, StartCommand.class,
                StopCommand.class, RmCommand.class, PruneCommand.class, ShellCommand.class, LogsCommand.class,
                SendCommand.class, CaptureCommand.class, PersistCommand.class, RenderCommand.class, UpgradeCommand.class,
                ConfigCommand.class, TrustCommand.class, UntrustCommand.class, ImageCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Sessions are units ccy-<project>-<n>.service: systemctl --user status 'ccy-*'"})
public final class Main implements Callable<Integer> {
    static final String SESSION_HELP = "ccy-<project>-<n>, <project>-<n>, the unit name or the session's alias";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Sessions sessions;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs ccy and returns its exit code: 0 ok, 1 failed, 2 bad usage, 3 no such session. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        // agent arguments are passed as they are: "@notes.txt" must not become the file's content
        cli.setExpandAtFiles(false);
        cli.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("ccy: " + ex.getMessage() + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            PrintWriter err = c.getErr();
            if (ex instanceof CcyException e) {
                err.println("ccy: " + e.getMessage());
                return e.exitCode();
            }
            if (System.getenv("CCY_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            err.println("ccy: unexpected error: " + ex + " (set CCY_DEBUG=1 for details)");
            return 1;
        });
        try {
            return cli.execute(args);
        } finally {
            cli.getOut().flush();
            cli.getErr().flush();
            Main main = cli.getCommand();
            if (main.sessions != null) {
                main.sessions.close();
            }
        }
    }

    /** Bare {@code ccy}: resume or create this worktree's session, and attach. */
    @Override
    public Integer call() {
        Sessions sessions = sessions();
        Sessions.Resumed r = sessions.resume(Path.of(""));
        String name = r.session().displayName();
        if (r.created()) {
            err().println("ccy: created " + name + " for this worktree");
        } else if (r.ofWorktree() > 1) {
            err().println("ccy: attaching to " + name + ", the most recently used of " + r.ofWorktree()
                    + " sessions of this worktree (choose with: ccy attach --pick)");
        }
        if (System.console() == null) {
            out().println(r.session().name());
            err().println("ccy: " + r.session().name() + " is running; not attaching, this is not a terminal");
            return 0;
        }
        return sessions.attach(r.session(), false, false);
    }

    /**
     * The session service, built on first use so that --help and --version touch nothing; its
     * systemd connection is opened when a command first needs it and closed when ccy ends.
     */
    Sessions sessions() {
        if (sessions == null) {
            UserPaths paths = UserPaths.fromEnvironment();
            UserRuntime runtime = UserRuntime.detect();
            sessions = new Sessions(new SessionContext(paths, Podman.fromEnvironment(runtime.runtimeDir()), () -> runtime,
                    UserManager::connect, System.getenv(), err()));
        }
        return sessions;
    }

    /** Where results go (picocli's writer, so tests and scripts can capture it). */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Where messages go. */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ccy " + (v == null ? "(development build)" : v)};
        }
    }
}
