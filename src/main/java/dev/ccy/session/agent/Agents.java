package dev.ccy.session.agent;

import dev.ccy.settings.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent a session runs, from its settings: the agent profile the setting {@code agent} names
 * (templates/agents/NAME.toml), with the command and resume command the settings give, if any,
 * in place of the profile's.
 */
public final class Agents {
    private Agents() {
    }

    /** A session's agent: its profile and what it runs. */
    public record Resolved(AgentProfile profile, Agent agent) {
        /**
         * The profile's secrets (VARIABLE -> secret) that exist, less the variables the settings
         * give themselves: a Secret= line naming a missing secret would fail every start.
         */
        public Map<String, String> secrets(Set<String> existing, Settings settings) {
            Map<String, String> out = new LinkedHashMap<>();
            profile.secrets().forEach((var, secret) -> {
                if (existing.contains(secret) && !settings.secrets().containsKey(var) && !settings.forwardEnv().contains(var)) {
                    out.put(var, secret);
                }
            });
            return out;
        }

        /** The profile's environment less the variables the settings set. */
        public Map<String, String> env(Settings settings) {
            Map<String, String> out = new LinkedHashMap<>(profile.environment());
            settings.env().keySet().forEach(out::remove);
            return out;
        }
    }

    public static Resolved resolve(Settings settings, List<Path> templateDirs) {
        AgentProfile profile = AgentProfile.load(settings.agent() == null ? AgentProfile.DEFAULT : settings.agent(), templateDirs);
        Object command = settings.command();
        Agent agent;
        if (command instanceof String line) {
            agent = Agent.shell(line, settings.resume());
        } else if (command != null) {
            @SuppressWarnings("unchecked")
            List<String> args = (List<String>) command;
            agent = Agent.of(args, settings.resume());
        } else {
            agent = new Agent(profile.command(), settings.resume() != null ? settings.resume() : profile.resume());
        }
        return new Resolved(profile, agent);
    }

    /** The settings' agent without profiles (tests, and units written before profiles). */
    static Agent from(Settings settings) {
        Object command = settings.command();
        if (command instanceof String line) {
            return Agent.shell(line, settings.resume());
        }
        @SuppressWarnings("unchecked")
        List<String> args = command == null ? Agent.CLAUDE.command() : (List<String>) command;
        return Agent.of(args, settings.resume());
    }

    /**
     * The agent started on a task: the prompt is read from the state directory (where ccy new
     * wrote it) and given as the command's last argument, so any text, newlines included, reaches
     * the agent as it was, and none of it is in the unit file. Later starts resume as usual.
     */
    public static Agent withPromptFile(Agent agent, String promptFlag, String promptPath) {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c",
                "p=$(cat " + Agent.shellQuote(promptPath) + ") || exit 1; exec \"$@\" " + (promptFlag.isEmpty() ? "" : Agent.shellQuote(promptFlag) + " ")
                        + "\"$p\"", "ccy-prompt"));
        cmd.addAll(agent.command());
        return new Agent(cmd, agent.resume());
    }
}
