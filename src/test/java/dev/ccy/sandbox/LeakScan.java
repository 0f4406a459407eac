package dev.ccy.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fails a test if a secret's value (or a forwarded variable's value) shows up anywhere it must
 * not, in a booted {@link Sandbox}:
 * <ul>
 * <li>{@code unit-file}: the user's Quadlet directory ({@code ~/.config/containers/systemd})</li>
 * <li>{@code generated}: the services Quadlet generated ({@code /run/user/UID/systemd/generator*})</li>
 * <li>{@code podman-inspect}: {@code podman container inspect} of every container of the user</li>
 * <li>{@code systemctl-show}: {@code systemctl --user show} of every loaded unit</li>
 * <li>{@code journal}: the whole journal, every field (system and user)</li>
 * <li>{@code ps}: the arguments of every process ({@code ps -eww})</li>
 * <li>{@code ccy-state}: ccy's own logs and state ({@code ~/.local/state/ccy})</li>
 * <li>{@code worktree}: every file of the worktrees given with {@link #worktree}</li>
 * <li>{@code output}: command output given with {@link #output} (ccy's stdout and stderr)</li>
 * <li>{@code readable-by-others}: any file on the sandbox's disk that user {@code nobody} can read</li>
 * </ul>
 * The secrets never travel on a command line (the scanner would leak them into ps): they go in a
 * root-only file. Reports name the place and mask the value. Use:
 * <pre>
 *   LeakScan.in(box).worktree("/home/dev/work/shop").output("ccy new", r.out() + r.err())
 *       .assertNoLeak("s3cr3t-value", "forwarded-value");
 *   LeakScan.in(box).assertPrivate("/home/dev/.local/share/ccy/sessions/ccy-shop-1.1700000000", "700");
 * </pre>
 * {@link #scan} returns the leaks instead of failing; {@link #placesChecked} says how many places a
 * scan looked in (for the test's figure).
 */
public final class LeakScan {
    /** One place a secret was found: the kind of place (see the class comment) and where, value masked. */
    public record Leak(String place, String where) {
        @Override
        public String toString() {
            return place + ": " + where;
        }
    }

    /** The kinds of place a scan covers, in the order it looks. */
    public static final List<String> PLACES = List.of("unit-file", "generated", "podman-inspect", "systemctl-show",
            "journal", "ps", "ccy-state", "worktree", "output", "readable-by-others");

    private final Sandbox box;
    private final List<String> worktrees = new ArrayList<>();
    private final Map<String, String> outputs = new LinkedHashMap<>();
    private int placesChecked;

    private LeakScan(Sandbox box) {
        this.box = box;
    }

    public static LeakScan in(Sandbox box) {
        return new LeakScan(box);
    }

    /** Also scans every file under this directory of the sandbox (a worktree). */
    public LeakScan worktree(String path) {
        worktrees.add(path);
        return this;
    }

    /** Also scans this text (what a ccy command printed), labelled for the report. */
    public LeakScan output(String label, String text) {
        outputs.merge(label, text, (a, b) -> a + "\n" + b);
        return this;
    }

    /** How many places (files, units, containers, outputs...) the last scan looked into. */
    public int placesChecked() {
        return placesChecked;
    }

    /** Fails with every leak found (values masked). */
    public void assertNoLeak(String... secrets) {
        List<Leak> leaks = scan(secrets);
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " leak(s) of a secret value:\n" + String.join("\n",
                    leaks.stream().map(Leak::toString).toList()));
        }
    }

    /** Where the secret values appear; empty if nowhere. Values shorter than 6 characters are refused (too common). */
    public List<Leak> scan(String... secrets) {
        for (String s : secrets) {
            if (s.length() < 6 || s.contains("\n")) {
                throw new IllegalArgumentException("a secret to scan for is one line of at least 6 characters");
            }
        }
        List<Leak> leaks = new ArrayList<>();
        placesChecked = 0;
        for (Map.Entry<String, String> o : outputs.entrySet()) {
            placesChecked++;
            for (String s : secrets) {
                if (o.getValue().contains(s)) {
                    leaks.add(new Leak("output", o.getKey() + ": " + mask(excerpt(o.getValue(), s), secrets)));
                }
            }
        }
        // podman inspect runs as dev the way every test runs podman (the root script's setpriv misses the containers)
        for (String id : box.user(null, "podman", "ps", "-aq").out().lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            String inspect = box.user(null, "podman", "container", "inspect", id).out();
            placesChecked++;
            for (String s : secrets) {
                if (inspect.contains(s)) {
                    leaks.add(new Leak("podman-inspect", "container " + id + ": " + mask(excerpt(inspect, s), secrets)));
                }
            }
        }
        Path patterns = box.root().resolve("root/.leakscan-patterns");
        try {
            Files.writeString(patterns, String.join("\n", secrets) + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(patterns, PosixFilePermissions.fromString("rw-------"));
            Sandbox.Result r = box.root("bash", "-c", SCRIPT, "leakscan", String.join("\n", worktrees));
            if (r.exit() != 0) {
                throw new AssertionError("the leak scan itself failed: " + r);
            }
            for (String line : r.out().lines().toList()) {
                String[] f = line.split("\t", 2);
                if (f[0].equals("checked")) {
                    placesChecked += Integer.parseInt(f[1].strip());
                } else if (f.length == 2) {
                    leaks.add(new Leak(f[0], mask(f[1], secrets)));
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot write the leak scan's patterns: " + e);
        } finally {
            try {
                Files.deleteIfExists(patterns);
            } catch (IOException ignored) {
                // the sandbox is thrown away
            }
        }
        return leaks;
    }

    /**
     * Fails unless each path exists with exactly this mode (octal, as stat %a prints it: "700" for a
     * state directory, "600" for a secret), owned by the sandbox's user.
     */
    public void assertPrivate(String mode, String... paths) {
        for (String p : paths) {
            Sandbox.Result r = box.root("stat", "-c", "%a %U", "--", p);
            if (r.exit() != 0 || !r.out().strip().equals(mode + " dev")) {
                throw new AssertionError(p + " must be mode " + mode + " and dev's, but: " + r.out().strip() + r.err().strip());
            }
        }
    }

    /** Fails unless every session state directory of dev is 0700 (each is the agent's HOME: credentials). */
    public int assertStateDirsPrivate() {
        Sandbox.Result r = box.root("bash", "-c", "d=/home/dev/.local/share/ccy/sessions; [ -d $d ] || exit 0;"
                + " find $d -mindepth 1 -maxdepth 1 -type d -printf '%m %p\\n'");
        int n = 0;
        for (String line : r.ok().out().lines().toList()) {
            if (!line.startsWith("700 ")) {
                throw new AssertionError("state directory not 0700: " + line);
            }
            n++;
        }
        return n;
    }

    static String excerpt(String text, String secret) {
        int at = text.indexOf(secret);
        return text.substring(Math.max(0, at - 60), Math.min(text.length(), at + secret.length() + 60)).replace('\n', ' ');
    }

    static String mask(String text, String... secrets) {
        for (String s : secrets) {
            text = text.replace(s, "<secret:" + s.length() + " chars>");
        }
        return text;
    }

    /**
     * Runs as root in the sandbox; prints "PLACE\tWHERE" per hit and "checked\tN" per group of
     * places. $1: worktrees, one a line. Patterns are in /root/.leakscan-patterns (0600).
     */
    private static final String SCRIPT = String.join("\n",
            "set -u",
            "P=/root/.leakscan-patterns; U=1000; H=/home/dev",
            "asdev() { setpriv --reuid=$U --regid=$U --init-groups env -i HOME=$H PATH=/usr/local/bin:/usr/bin:/bin"
                    + " XDG_RUNTIME_DIR=/run/user/$U DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/$U/bus \"$@\"; }",
            "files() { local tag=$1; shift; local n=0 f; while IFS= read -r -d '' f; do n=$((n+1));",
            "  grep -qaFf $P -- \"$f\" 2>/dev/null && printf '%s\\t%s\\n' \"$tag\" \"$f\"; done < <(find \"$@\" -type f -print0 2>/dev/null);",
            "  printf 'checked\\t%s\\n' $n; }",
            "text() { local tag=$1 what=$2; local out; out=$(cat); printf 'checked\\t1\\n';",
            "  printf '%s\\n' \"$out\" | grep -aFf $P | cut -c1-300 | sed \"s|^|$tag\\t$what: |\"; }",
            "files unit-file $H/.config/containers/systemd",
            "files generated /run/user/$U/systemd/generator /run/user/$U/systemd/generator.early /run/user/$U/systemd/generator.late",
            "for u in $(asdev systemctl --user list-units --all --plain --no-legend 2>/dev/null | awk '{print $1}'); do",
            "  asdev systemctl --user show -- \"$u\" 2>&1 | text systemctl-show \"$u\"; done",
            "systemctl show '*' 2>&1 | text systemctl-show 'system manager'",
            "journalctl --no-pager -q -o json 2>&1 | text journal 'journalctl -o json'",
            "ps -eww -o pid=,args= 2>&1 | text ps 'ps -eww'",
            "files ccy-state $H/.local/state/ccy",
            "while IFS= read -r w; do [ -n \"$w\" ] && files worktree \"$w\"; done <<< \"$1\"",
            // what another user can read: grep as nobody, the patterns on stdin (nobody cannot open P)
            // (--exclude-dir would also skip /home/dev: name the top-level directories instead)
            "tops=(); for d in /*; do case $d in /proc|/sys|/dev) ;; *) [ -d \"$d\" ] && [ ! -L \"$d\" ] && tops+=(\"$d\");; esac; done",
            "setpriv --reuid=65534 --regid=65534 --clear-groups grep -rlsaF -f - -- \"${tops[@]}\" < $P | sed 's|^|readable-by-others\\t|'",
            "printf 'checked\\t1\\n'",
            "exit 0");
}
