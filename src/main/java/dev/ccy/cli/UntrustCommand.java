package dev.ccy.cli;

import dev.ccy.CcyException;
import dev.ccy.session.store.Worktree;
import dev.ccy.settings.SettingsLoader;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "untrust", mixinStandardHelpOptions = true,
        description = {"Stop trusting a project settings file.",
                "Its settings that widen a session's reach are ignored again for new sessions and upgrades."})
final class UntrustCommand extends CcyCommand {

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "The settings file (default: this worktree's)")
    Path file;

    @Override
    public Integer call() {
        Path target = file == null ? SettingsLoader.projectFile(Worktree.of(Path.of("")).path()) : file.toAbsolutePath().normalize();
        if (!sessions().context().settings().trust().untrust(target)) {
            throw new CcyException(target + " was not trusted");
        }
        out().println("no longer trusted: " + target);
        return ok();
    }
}
