package dev.ccy.session;

import dev.ccy.settings.Settings;
import java.util.List;

/** The agent a session runs, from its settings: the command given, else Claude Code. */
final class Agents {
    private Agents() {
    }

    static Agent from(Settings settings) {
        Object command = settings.command();
        if (command instanceof String line) {
            return Agent.shell(line, settings.resume());
        }
        @SuppressWarnings("unchecked")
        List<String> args = command == null ? Agent.CLAUDE.command() : (List<String>) command;
        return Agent.of(args, settings.resume());
    }
}
