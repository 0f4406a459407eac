package dev.ccy.session.worktree;

import dev.ccy.CcyException;
import java.nio.file.Path;

/**
 * Where {@code ccy new --worktree NAME} puts the worktree and what it calls the branch, from the
 * settings: {@code <worktree.dir>/<repo>-NAME} (by default beside the repository, as
 * {@code git worktree add ../shop-NAME} would), on branch {@code <worktree.branch_prefix>NAME}
 * ({@code ccy/NAME}). Pure: git is asked about the result elsewhere.
 */
public record Plan(String name, Path dir, String branch) {

    /** A name that is a directory suffix and a branch name's last part alike; no path, no option. */
    static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    /**
     * @param main the repository's main worktree, whose name the directory is made from
     * @param setting worktree.dir ("" for beside {@code main})
     * @param prefix worktree.branch_prefix
     */
    public static Plan of(Path main, String name, String setting, String prefix, Path home) {
        if (name == null || !name.matches(NAME) || name.contains("..") || name.endsWith(".lock") || name.endsWith(".")) {
            throw CcyException.usage("--worktree " + dev.ccy.quadlet.UnitValues.printable(String.valueOf(name))
                    + ": give a name of letters, digits, '.', '_' and '-' (at most 64, starting with a letter or digit)");
        }
        Path parent;
        if (setting.isEmpty()) {
            parent = main.getParent() == null ? main : main.getParent();
        } else if (setting.equals("~") || setting.startsWith("~/")) {
            parent = home.resolve(setting.substring(1).replaceFirst("^/+", ""));
        } else {
            parent = main.resolve(setting); // an absolute setting stays as it is
        }
        Path repo = main.getFileName();
        Path dir = parent.resolve((repo == null ? "root" : repo.toString()) + "-" + name).normalize();
        return new Plan(name, dir, prefix + name);
    }
}
