package dev.ccy.cli;

import dev.ccy.session.Sessions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
        description = "List this user's sessions with their state, project, branch and worktree.")
final class ListCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--json", description = "One JSON array of objects: session, unit, state, substate, project, branch, worktree, image")
    boolean json;

    @Override
    public Integer call() {
        List<Sessions.Listed> listed = main.sessions().list();
        System.out.print(json ? SessionTable.json(listed) : SessionTable.text(listed));
        return 0;
    }
}
