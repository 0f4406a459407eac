package dev.ccy.session;

import dev.ccy.session.agent.Agents;
import dev.ccy.session.agent.GitIdentity;
import dev.ccy.session.agent.HomeSeeder;
import dev.ccy.session.store.Worktree;
import dev.ccy.AtomicFiles;
import dev.ccy.CcyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A new session's state directory (/ccy/state in the container) and the HOME in it, made before
 * the agent first runs. Private to the user: it will hold the agent's credentials.
 */
final class SessionHome {
    private SessionHome() {
    }

    /** Creates the state directory; fails if it exists (a state directory is never shared). */
    static void createStateDir(Path state) {
        try {
            Files.createDirectories(state.getParent());
            Files.createDirectory(state, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new CcyException("cannot create the session's state directory " + state + ": " + e.getMessage());
        }
    }

    /**
     * The session's HOME: the profile's first-run settings (no onboarding or trust dialog), the git
     * identity of the host user in this worktree, the context text; and the --prompt text, which the
     * agent command reads at its first start. A HOME continued from a kept one (the agent wrote
     * it) gets the same, never through a link in it.
     */
    static void prepare(Path state, Agents.Resolved resolved, Worktree worktree, String prompt, String gitName, String gitEmail,
                        java.util.Set<String> secretEnv) {
        Path home = state.resolve("home");
        try {
            Files.createDirectories(home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new CcyException("cannot create the session's HOME " + home + ": " + e.getMessage());
        }
        if (!Files.isDirectory(home, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new CcyException("the session's HOME " + home + " is not a directory");
        }
        HomeSeeder.seed(home, resolved.profile(), resolved.agent().command(), secretEnv);
        // git config --file writes through a link to the file it names
        HomeSeeder.noLinks(home, home.resolve(".gitconfig"));
        if (resolved.profile().activity() != null) {
            // read as "starting" until the agent's first hook: it has not said anything yet
            AtomicFiles.writeIfChanged(state.resolve(dev.ccy.session.agent.ActivityRecord.FILE),
                    "ccy-activity 1 starting " + System.currentTimeMillis() / 1000 + " ccy\n", "rw-------");
        }
        GitIdentity.of(worktree.path(), gitName, gitEmail).seed(home);
        if (!prompt.isEmpty()) {
            AtomicFiles.writeIfChanged(state.resolve("prompt"), prompt, "rw-------");
        }
    }
}
