package dev.ccy.cli;

import dev.ccy.session.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Show a session's journal: journalctl --user -u ccy-<project>-<n>.service.",
                "What systemd, podman and the entrypoint logged; the agent's screen is in tmux (ccy capture)."})
final class LogsCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "SESSION", description = Main.SESSION_HELP)
    String name;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new entries")
    boolean follow;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", description = "Only the last N entries")
    Integer lines;

    @Override
    public Integer call() {
        Session session = main.sessions().store().get(name);
        return main.sessions().logs(session, follow, lines);
    }
}
