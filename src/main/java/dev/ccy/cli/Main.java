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
@Command(name = "ccy", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, usageHelpAutoWidth = true,
        description = {"Run an AI coding agent in a container as a systemd user service with tmux inside: detach, log out,"
                + " reboot, and attach again from the desktop or over SSH.",
                "",
                "Without a command: resume this worktree's session (the most recently used one), starting it if it is"
                + " stopped and creating one if it has none, and attach to it."},
        subcommands = {NewCommand.class, AttachCommand.class, ListCommand.class, StatusCommand.class, StartCommand.class,
                StopCommand.class, RmCommand.class, PruneCommand.class, ShellCommand.class, LogsCommand.class,
                SendCommand.class, CaptureCommand.class, PersistCommand.class, RenderCommand.class, UpgradeCommand.class,
                ConfigCommand.class, TrustCommand.class, UntrustCommand.class, ImageCommand.class,
                DoctorCommand.class, CompletionCommand.class, SecretCommand.class, AuthCommand.class, ArchiveTrainingCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {HelpOption.EXIT_OK, HelpOption.EXIT_FAILED, HelpOption.EXIT_USAGE, HelpOption.EXIT_NO_SESSION},
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
        return run(terminalWidth(System.getenv("COLUMNS")), args);
    }

    /** Runs ccy with its help laid out for {@code width} columns (null: ask the terminal). */
    static int run(Integer width, String... args) {
        CommandLine cli = commandLine();
        if (width != null) {
            cli.setUsageHelpWidth(width);
        }
        cli.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("ccy: " + usageError(ex) + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            PrintWriter err = c.getErr();
            c.getOut().flush();
            if (ex instanceof CcyException e) {
                err.println("ccy: " + e.getMessage());
                err.flush();
                return e.exitCode();
            }
            if (System.getenv("CCY_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            err.println("ccy: unexpected error: " + ex + " (set CCY_DEBUG=1 for details)");
            err.flush();
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

    /** The whole command tree as ccy runs it; also what the man pages and completion are made from. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        // agent arguments are passed as they are: "@notes.txt" must not become the file's content
        cli.setExpandAtFiles(false);
        houseStyle(cli);
        return cli;
    }

    /**
     * Every subcommand gets -h/--help and the exit codes, and none gets --version: that means
     * something only on ccy itself. Commands still declaring picocli's standard help options get
     * them replaced here.
     */
    private static void houseStyle(CommandLine cli) {
        for (CommandLine sub : cli.getSubcommands().values()) {
            CommandLine.Model.CommandSpec spec = sub.getCommandSpec();
            if (spec.mixinStandardHelpOptions()) {
                spec.mixinStandardHelpOptions(false);
                CommandLine.Model.CommandSpec help = CommandLine.Model.CommandSpec.forAnnotatedObject(new HelpOption());
                spec.addMixin("help", help);
                // picocli copies a mixin's exit codes only while the command is being built
                spec.usageMessage().exitCodeList(help.usageMessage().exitCodeList());
            }
            houseStyle(sub);
        }
    }

    /** COLUMNS when it is a usable width, else null (picocli asks the terminal). */
    static Integer terminalWidth(String columns) {
        try {
            int n = columns == null ? 0 : Integer.parseInt(columns.strip());
            return n >= 40 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** picocli's message, with the command or option the user probably meant. */
    private static String usageError(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
            return ex.getMessage();
        }
        String arg = u.getUnmatched().get(0);
        CommandLine.Model.CommandSpec spec = u.getCommandLine().getCommandSpec();
        if (u.isUnknownOption()) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String near = Suggest.closest(name, spec.options().stream().filter(o -> !o.hidden())
                    .flatMap(o -> java.util.Arrays.stream(o.names())).toList());
            return "unknown option '" + name + "'" + (near == null ? "" : "; did you mean " + near + "?");
        }
        if (!spec.subcommands().isEmpty()) {
            java.util.List<String> visible = spec.subcommands().entrySet().stream()
                    .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden()).map(java.util.Map.Entry::getKey).toList();
            String near = Suggest.closest(arg, visible);
            if (near == null) {
                java.util.List<String> similar = u.getSuggestions();
                near = similar.isEmpty() ? null : similar.get(0);
            }
            return "unknown command '" + arg + "'" + (near == null ? "" : "; did you mean: " + spec.qualifiedName() + " " + near + "?");
        }
        return "unexpected argument '" + arg + "'";
    }

    /** Bare {@code ccy}: resume or create this worktree's session, and attach. */
    @Override
    public Integer call() {
        Sessions sessions = sessions();
        Sessions.Resumed r = sessions.resume(Path.of(""));
        String name = r.session().displayName();
        if (r.created()) {
            spec.commandLine().getErr().println("ccy: created " + name + " for this worktree");
        } else if (r.ofWorktree() > 1) {
            spec.commandLine().getErr().println("ccy: attaching to " + name + ", the most recently used of " + r.ofWorktree()
                    + " sessions of this worktree (choose with: ccy attach --pick)");
        }
        if (System.console() == null) {
            spec.commandLine().getOut().flush();
            spec.commandLine().getOut().println(r.session().name());
            spec.commandLine().getErr().println("ccy: " + r.session().name() + " is running; not attaching, this is not a terminal");
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
