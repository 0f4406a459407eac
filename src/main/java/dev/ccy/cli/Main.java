package dev.ccy.cli;

import dev.ccy.Exit;

import dev.ccy.podman.Podman;
import dev.ccy.session.Sessions;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ccy}: persistent, resumable AI coding-agent sessions as Podman Quadlet user services. */
@Command(name = "ccy", mixinStandardHelpOptions = true, versionProvider = Version.class, usageHelpAutoWidth = true,
        description = {"Run an AI coding agent in a container as a systemd user service with tmux inside: detach, log out,"
                + " reboot, and attach again from the desktop or over SSH.",
                "",
                "Without a command: resume this worktree's session (the most recently used one), starting it if it is"
                + " stopped and creating one if it has none, and attach to it."},
        footer = {"", "Sessions are units ccy-<project>-<n>.service: systemctl --user status 'ccy-*'"})
public final class Main extends CcyCommand {

    /**
     * ccy's commands, in the order --help lists them. Building picocli's model of a command
     * reflects over all its options, which for the whole tree cost more than the JVM's own start:
     * a run builds only the command it names and represents the others by their annotation's
     * name, aliases and summary (see {@link #commandLineFor}).
     */
    static final List<Class<?>> COMMANDS = CommandGroups.COMMANDS;

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // what picocli would print, without building any of its model: scripts ask this often
            System.out.println(new Version().getVersion()[0]);
            System.exit(Exit.OK.code());
        }
        System.exit(run(args));
    }

    /** Runs ccy and returns its exit code: 0 ok, 1 failed, 2 bad usage, 3 no such session. */
    public static int run(String... args) {
        return run(terminalWidth(System.getenv("COLUMNS")), args);
    }

    /** Runs ccy with its help laid out for {@code width} columns (null: ask the terminal). */
    static int run(Integer width, String... args) {
        try (Services services = new Services()) {
            CommandLine cli = commandLineFor(services, args);
            if (width != null) {
                cli.setUsageHelpWidth(width);
            }
            cli.setParameterExceptionHandler(new Errors.Usage());
            cli.setExecutionExceptionHandler(new Errors.Failure());
            try {
                return cli.execute(args);
            } finally {
                cli.getOut().flush();
                cli.getErr().flush();
            }
        }
    }

    /** The whole command tree: what help, the man pages and completion are made from. */
    static CommandLine commandLine() {
        return tree(new Services(), null);
    }

    /**
     * The tree a run of {@code args} needs: every command in full when it may need them all
     * (help, an unknown command and its suggestions), else only the command named first (ccy
     * itself has no options besides help and version, so a command can only be named there) with
     * the others as stubs, which print the same top-level help.
     */
    static CommandLine commandLineFor(String... args) {
        return commandLineFor(new Services(), args);
    }

    static CommandLine commandLineFor(Services services, String... args) {
        if (args.length == 0 || args[0].equals("-V") || args[0].equals("--version")) {
            return tree(services, Stub.class); // bare ccy resumes and attaches; no command in full
        }
        for (Class<?> c : COMMANDS) {
            Command a = c.getAnnotation(Command.class);
            if (c != CommandLine.HelpCommand.class && (a.name().equals(args[0]) || List.of(a.aliases()).contains(args[0]))) {
                return tree(services, c);
            }
        }
        return tree(services, null);
    }

    /** Main with every command in full (only == null), or only that one and stubs for the rest. */
    private static CommandLine tree(Services services, Class<?> only) {
        Main main = new Main();
        main.services = services;
        CommandLine cli = new CommandLine(main, new Services.Factory(services));
        // agent arguments are passed as they are: "@notes.txt" must not become the file's content
        cli.setExpandAtFiles(false);
        for (Class<?> c : COMMANDS) {
            Command a = c.getAnnotation(Command.class);
            if (only == null || c == only) {
                cli.addSubcommand(a.name(), c);
                // picocli runs a modelTransformer only for commands there when the tree is built
                CommandLine.Model.CommandSpec spec = cli.getSubcommands().get(a.name()).getCommandSpec();
                if (spec.modelTransformer() != null) {
                    spec.modelTransformer().transform(spec);
                }
            } else {
                CommandLine.Model.CommandSpec stub = CommandLine.Model.CommandSpec.create().name(a.name()).aliases(a.aliases());
                stub.usageMessage().hidden(a.hidden()).header(a.header()).description(a.description());
                cli.addSubcommand(a.name(), new CommandLine(stub));
            }
        }
        houseStyle(cli);
        CommandGroups.install(cli);
        return cli;
    }

    /** Marks a tree of stubs only. */
    private static final class Stub {
    }

    /**
     * Every command's help lists its exit codes from {@link Exit}'s rows; every subcommand gets
     * -h/--help, and none gets --version: that means something only on ccy itself. Commands still
     * declaring picocli's standard help options get them replaced here.
     */
    private static void houseStyle(CommandLine cli) {
        if (cli.getCommand() instanceof CcyCommand c) {
            cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(Exit.helpList(c.exitCodes()));
        }
        for (CommandLine sub : cli.getSubcommands().values()) {
            CommandLine.Model.CommandSpec spec = sub.getCommandSpec();
            if (spec.mixinStandardHelpOptions()) {
                spec.mixinStandardHelpOptions(false);
                spec.addMixin("help", CommandLine.Model.CommandSpec.forAnnotatedObject(new HelpOption()));
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
            out().flush();
            out().println(r.session().name());
            err().println("ccy: " + r.session().name() + " is running; not attaching, this is not a terminal");
            return ok();
        }
        return sessions.attach(r.session(), false, false);
    }
}
