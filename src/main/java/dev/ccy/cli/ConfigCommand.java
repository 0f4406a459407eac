package dev.ccy.cli;

import dev.ccy.session.store.Worktree;
import dev.ccy.settings.Key;
import dev.ccy.settings.Settings;
import dev.ccy.settings.SettingsLoader;
import dev.ccy.settings.Overrides;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Show the settings sessions of this worktree get, and where they come from.",
        subcommands = {ConfigCommand.Show.class, ConfigCommand.Paths.class})
final class ConfigCommand extends CcyCommand {

    @Override
    public Integer call() {
        Show show = new Show();
        show.spec = spec;
        show.services = services;
        return show.call();
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Print the effective settings for the current worktree as TOML.",
                    "With --origin, say after each value which file and line, variable or flag it came from."})
    static final class Show extends CcyCommand {

        @Option(names = "--origin", description = "Say where each value came from")
        boolean origin;

        @Override
        public Integer call() {
            Path cwd = Path.of("");
            Worktree w = Worktree.of(cwd);
            var ctx = sessions().context();
            Settings s = ctx.settings().load(w.path(), cwd, Overrides.NONE, Overrides.NONE);
            out().print(SettingsView.toml(s, origin));
            return ok();
        }
    }

    @Command(name = "path", mixinStandardHelpOptions = true,
            description = {"List the settings files for the current worktree in the order they apply.",
                    "Later ones win. Says whether each is there and, for the project's, whether it is trusted."})
    static final class Paths extends CcyCommand {

        @Override
        public Integer call() {
            Path cwd = Path.of("");
            Worktree w = Worktree.of(cwd);
            var ctx = sessions().context();
            SettingsLoader loader = ctx.settings();
            var out = out();
            out.println("built-in defaults");
            Path project = SettingsLoader.projectFile(w.path());
            for (Path f : loader.files(w.path())) {
                String state = !Files.exists(f) ? "not there" : "read";
                if (!f.getFileName().toString().endsWith(".toml") && Files.exists(f)) {
                    state += ", old key=value format: move its settings to config.toml beside it";
                }
                if (f.equals(project) && Files.exists(f)) {
                    Settings s = loader.load(w.path(), cwd, Overrides.NONE, Overrides.NONE);
                    state += s.projectTrusted() ? ", trusted" : ", not trusted: settings that widen the session's reach"
                            + " are ignored until 'ccy trust'";
                }
                out.println(f + " (" + state + ")");
            }
            out.println("environment: " + String.join(", ", java.util.Arrays.stream(Key.values())
                    .flatMap(k -> k.env().stream()).toList()));
            out.println("command-line flags of ccy new and ccy render");
            return ok();
        }
    }

    /** Settings as TOML that ccy reads back; origins as comments. */
    static final class SettingsView {
        private SettingsView() {
        }

        static String toml(Settings s, boolean origin) {
            StringBuilder out = new StringBuilder();
            if (!s.heldBack().isEmpty()) {
                out.append("# held back from ").append(s.projectFile()).append(" until it is trusted: ")
                        .append(String.join(", ", s.heldBack())).append('\n');
            }
            for (Key k : Key.values()) {
                Object v = s.sourced(k);
                if (v instanceof Settings.Sourced one) {
                    line(out, k.toml(), value(one.value()), origin ? one.origin() : null);
                } else if (v instanceof List<?> items) {
                    out.append(k.toml()).append(" = [").append(items.isEmpty() ? "]\n" : "\n");
                    for (Object o : items) {
                        Settings.Sourced item = (Settings.Sourced) o;
                        line(out, null, "  " + value(item.value()) + ",", origin ? item.origin() : null);
                    }
                    if (!items.isEmpty()) {
                        out.append("]\n");
                    }
                } else if (v instanceof Map<?, ?> table) {
                    table.forEach((name, o) -> {
                        Settings.Sourced item = (Settings.Sourced) o;
                        line(out, k.toml() + "." + name, value(item.value()), origin ? item.origin() : null);
                    });
                } else {
                    out.append("# ").append(k.toml()).append(": not set (").append(k.help()).append(")\n");
                }
            }
            return out.toString();
        }

        private static void line(StringBuilder out, String key, String value, String origin) {
            String text = key == null ? value : key + " = " + value;
            out.append(text);
            if (origin != null) {
                out.append(" ".repeat(Math.max(1, 44 - text.length()))).append("# ").append(origin.replace('\n', ' '));
            }
            out.append('\n');
        }

        private static String value(Object v) {
            if (v instanceof List<?> l) {
                return "[" + String.join(", ", l.stream().map(SettingsView::value).toList()) + "]";
            }
            if (v instanceof Boolean || v instanceof Long) {
                return String.valueOf(v);
            }
            return string(String.valueOf(v));
        }

        static String string(String s) {
            StringBuilder out = new StringBuilder("\"");
            s.codePoints().forEach(c -> {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20 || c == 0x7f) {
                            out.append(String.format("\\u%04X", c));
                        } else {
                            out.appendCodePoint(c);
                        }
                    }
                }
            });
            return out.append('"').toString();
        }
    }
}
