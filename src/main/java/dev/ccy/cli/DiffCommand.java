package dev.ccy.cli;

import dev.ccy.session.store.Session;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "diff",
        description = {"Show what a session's branch changed since its base, without attaching.",
                "For a session made with ccy new --worktree: git diff BASE...BRANCH (from where the branch left its base"
                        + " to its last commit; ccy status tells whether there are uncommitted changes too). Options for"
                        + " git diff go after '--', e.g. ccy diff fix -- --stat, or ccy diff fix -- -- src/. Exits with git's code."})
final class DiffCommand extends CcyCommand {

    @Mixin
    HelpOption help;

    @Mixin
    SessionArg session;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "GIT_DIFF_ARGS", description = "Options and paths for git diff, after '--'.")
    List<String> gitArgs = new ArrayList<>();

    @Override
    public Integer call() {
        Session s = session.resolve(sessions());
        out().flush();
        return sessions().diff(s, gitArgs);
    }
}
