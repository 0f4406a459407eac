package dev.ccy.cli;

import dev.ccy.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "rm", mixinStandardHelpOptions = true,
        description = "Remove sessions: stop each, delete its unit file and reload systemd. The worktree is not touched.")
final class RmCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "SESSION", arity = "1..*", description = "ccy-<project>-<n>, <project>-<n> or the unit name")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
        // resolve every name first, so a typo removes nothing
        List<Session> sessions = names.stream().map(n -> main.sessions().store().get(n)).toList();
        for (Session s : sessions) {
            main.sessions().remove(s);
            System.out.println(s.name());
        }
        return 0;
    }
}
