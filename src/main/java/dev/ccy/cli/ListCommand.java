package dev.ccy.cli;

import dev.ccy.session.SessionStatus;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
        description = {"List this user's running (and failed) sessions: alias, state, project, branch, attached",
                "clients, uptime or time since stopping, worktree. One call to systemd, none to podman."})
final class ListCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = {"-a", "--all"}, description = "Also the stopped sessions")
    boolean all;

    @Option(names = "--json", description = "One JSON array, an object per session (fields: see README)")
    boolean json;

    @Override
    public Integer call() {
        List<SessionStatus> listed = main.sessions().list(all);
        java.util.Set<String> outdated = new java.util.HashSet<>();
        for (SessionStatus st : listed) {
            if (main.sessions().outdated(st.session())) {
                outdated.add(st.session().name().name());
            }
        }
        System.out.print(json ? SessionTable.json(listed, outdated) : SessionTable.text(listed, outdated));
        return 0;
    }
}
