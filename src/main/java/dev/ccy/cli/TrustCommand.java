package dev.ccy.cli;

import dev.ccy.CcyException;
import dev.ccy.session.store.Worktree;
import dev.ccy.settings.Overrides;
import dev.ccy.settings.Settings;
import dev.ccy.settings.SettingsLoader;
import dev.ccy.settings.TrustStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "trust", mixinStandardHelpOptions = true,
        description = {"Trust a project's settings file or Containerfile as it is now.",
                "Its settings that widen a session's reach on the host (mounts outside the worktree, devices, ports,"
                        + " forwarded variables, secrets, the host network, capabilities, looser security) then apply; a"
                        + " trusted .claude/ccy/Containerfile or Dockerfile is what ccy new builds as the project's image."
                        + " Any later change to the file needs trusting again. The list of trusted files is ~/.config/ccy/trusted."})
final class TrustCommand extends CcyCommand {

    @Option(names = "--list", description = "List the trusted files, and whether each is still as trusted")
    boolean list;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "The settings file (default: this worktree's)")
    Path file;

    @Override
    public Integer call() {
        TrustStore store = sessions().context().settings().trust();
        var out = out();
        if (list) {
            store.list().forEach((p, hash) -> {
                String now;
                try {
                    now = Files.isRegularFile(p) && TrustStore.sha256(Files.readString(p, StandardCharsets.UTF_8)).equals(hash)
                            ? "trusted" : Files.exists(p) ? "changed since trusted" : "gone";
                } catch (java.io.IOException | java.io.UncheckedIOException e) {
                    now = "unreadable";
                }
                out.println(p + " (" + now + ")");
            });
            return ok();
        }
        Path target = target(file);
        Path cwd = Path.of("");
        Worktree w = Worktree.of(target.getParent().getParent().getParent());
        Settings before = sessions().context().settings().load(w.path(), cwd, Overrides.NONE, Overrides.NONE);
        String content;
        try {
            content = Files.readString(target, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new CcyException("cannot read " + target + ": " + e.getMessage());
        }
        store.trust(target, content);
        out.println("trusted " + target + (before.heldBack().isEmpty() ? ""
                : "; these now apply: " + String.join(", ", before.heldBack())));
        return ok();
    }

    /** The project file meant: given, or the current worktree's; it must be a plain file. */
    static Path target(Path given) {
        Path f;
        if (given == null) {
            f = SettingsLoader.projectFile(Worktree.of(Path.of("")).path());
        } else {
            f = given.toAbsolutePath().normalize();
        }
        if (!f.endsWith(Path.of(SettingsLoader.PROJECT_FILE)) && !f.endsWith(Path.of(".claude/ccy/Containerfile"))
                && !f.endsWith(Path.of(".claude/ccy/Dockerfile"))) {
            throw CcyException.usage(f + " is not a project settings file (" + SettingsLoader.PROJECT_FILE + " in a worktree)");
        }
        if (Files.isSymbolicLink(f) || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            throw CcyException.usage("there is no plain file " + f + " to trust");
        }
        return f;
    }
}
