package dev.ccy.cli;

import dev.ccy.session.store.Session;
import dev.ccy.session.SessionRequest;
import dev.ccy.session.Sessions;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "new", mixinStandardHelpOptions = true, modelTransformer = SessionOptions.Flags.class,
        description = {"Create one more session for the current worktree, start it and attach to it.",
                "Takes the next free slot, whatever else runs. Writes ~/.config/containers/systemd/ccy-<project>-<n>.container"
                        + " from the template and the settings (ccy config show), reloads systemd, enables linger, starts the"
                        + " unit and waits until tmux in the container answers. Prints the session name."})
final class NewCommand extends CcyCommand {

    @Mixin
    SessionOptions options;

    @Option(names = {"-d", "--detach"}, description = "Do not attach; leave the session running in the background")
    boolean detach;

    @Option(names = "--name", paramLabel = "ALIAS",
            description = "Also call the session ALIAS (unique among your sessions; label ccy.alias)")
    String alias;

    @Option(names = "--ephemeral",
            description = "Remove the session, unit file and state, when it ends (exit or ccy stop); ccy persist keeps it")
    boolean ephemeral;

    @Option(names = "--worktree", paramLabel = "NAME",
            description = "First make a git worktree on a new branch, and the session in it: ../<repo>-NAME on branch ccy/NAME"
                    + " (settings worktree.dir and worktree.branch_prefix); ccy rm removes it again, keeping the branch")
    String worktree;

    @Option(names = "--base", paramLabel = "REF",
            description = "With --worktree: the branch or commit the new branch starts from (default: the current branch)")
    String base;

    @Option(names = "--resume", arity = "0..1", paramLabel = "SESSION", fallbackValue = "",
            description = "Continue the most recent kept conversation of this worktree (or removed SESSION's), in a new"
                    + " container with today's image and settings: its HOME moves into the new session (ccy rm and an"
                    + " ephemeral session's end keep one for conversations.keep)")
    String resume;

    @Option(names = "--same-project",
            description = "With --resume: also conversations of the project's other worktrees (one repository's)")
    boolean sameProject;

    @Override
    public Integer call() {
        Sessions sessions = sessions();
        if (base != null && worktree == null) {
            throw dev.ccy.CcyException.usage("--base goes with --worktree NAME");
        }
        SessionRequest request = new SessionRequest(Path.of(""), options.overrides(), alias, ephemeral, options.prompt());
        if (sameProject && resume == null) {
            throw dev.ccy.CcyException.usage("--same-project goes with --resume");
        }
        if (resume != null) {
            if (!options.prompt().isEmpty()) {
                throw dev.ccy.CcyException.usage("--resume continues a conversation, --prompt starts one: send the task once"
                        + " it is up (ccy send)");
            }
            if (worktree != null && !sameProject) {
                throw dev.ccy.CcyException.usage("a new worktree has no conversations of its own: add --same-project to"
                        + " continue one of the project's");
            }
            dev.ccy.session.store.KeptConversations.Kept kept = sessions.resumable(Path.of(""), resume, sameProject);
            err().println("ccy: continuing the conversation of " + kept.session() + ", kept "
                    + dev.ccy.Durations.format(java.time.Duration.between(kept.keptAt(), java.time.Instant.now())) + " ago"
                    + (sameProject ? " in " + kept.worktree() : ""));
            request = request.resuming(kept);
        }
        Session session = worktree == null ? sessions.create(request) : sessions.createInWorktree(request, worktree, base);
        out().println(session.name());
        out().flush();
        if (detach) {
            return ok();
        }
        if (System.console() == null) {
            err().println("ccy: " + session.name() + " is running; not attaching, this is not a terminal"
                    + " (attach from one with: ccy attach " + session.name() + ")");
            return ok();
        }
        return sessions.attach(session, false, false);
    }
}
