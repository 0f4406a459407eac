package dev.ccy.cli;

import dev.ccy.session.store.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "logs",
        description = {"Show a session's journal (journalctl --user -u ccy-<project>-<n>.service).",
                "What systemd, podman and the entrypoint logged; the agent's screen is in tmux: see ccy capture."})
final class LogsCommand extends CcyCommand {

    @Mixin
    HelpOption help;

    @Mixin
    SessionArg session;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new entries.")
    boolean follow;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", description = "Only the last N entries.")
    Integer lines;

    @Override
    public Integer call() {
        Session s = session.resolve(sessions());
        return sessions().logs(s, follow, lines);
    }
}
