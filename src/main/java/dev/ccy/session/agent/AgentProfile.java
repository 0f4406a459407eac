package dev.ccy.session.agent;

import dev.ccy.CcyException;
import dev.ccy.Names;
import dev.ccy.TemplateFiles;
import dev.ccy.quadlet.UnitValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import com.electronwill.nightconfig.core.Config;
import com.electronwill.nightconfig.core.io.ParsingException;
import com.electronwill.nightconfig.toml.TomlParser;

/**
 * An agent as data: templates/agents/NAME.toml says how to start and resume it, how a prompt is
 * passed, its environment, which Podman secrets go to which variables (VARIABLE = "secret"), which files of the session's
 * HOME to seed (so it starts with no first-run dialog), and the context text it is given. Found
 * like the templates: ~/.config/ccy/templates/agents/, then /etc/ccy/templates/agents/, then ccy's
 * own copy.
 */
public record AgentProfile(String name, String description, String npmPackage, List<String> command, String resume,
                           String promptFlag, Map<String, String> environment, Map<String, String> secrets,
                           List<Seed> seeds, String contextPath, String contextText, ActivityHooks activity, String source) {
    /** The profiles ccy ships. */
    public static final List<String> BUILT_IN = List.of("claude", "codex");
    public static final String DEFAULT = "claude";

    /**
     * A file of the session's HOME: {@code merge} is JSON merged into the file (keys already there
     * win), {@code create} is written only when the file is absent. {@code whenCommandHas}: only
     * when the agent command has this argument (empty: always). {@code whenEnv}: only when the
     * session gets this environment variable (from its secrets; empty: always).
     */
    public record Seed(String path, String merge, String create, String whenCommandHas, String whenEnv) {
        public Seed(String path, String merge, String create, String whenCommandHas) {
            this(path, merge, create, whenCommandHas, "");
        }

        public boolean appliesTo(List<String> command) {
            return whenCommandHas.isEmpty() || command.contains(whenCommandHas);
        }
    }

    public AgentProfile {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        secrets = Map.copyOf(secrets);
        seeds = List.copyOf(seeds);
    }

    /** Profile names: what --agent takes and file names can hold. */
    public static String checkName(String name) {
        if (!Names.isAgentProfile(name)) {
            throw CcyException.usage("an agent profile name is lower-case letters, digits, '-' or '_': " + name);
        }
        return name;
    }

    /** Profiles are a few lines; a bigger file is not one (and reading it all could exhaust memory). */
    static final long MAX_BYTES = 256 * 1024;

    /** The profile NAME from the first of templateDirs/agents that has it, else ccy's own. */
    public static AgentProfile load(String name, List<Path> templateDirs) {
        checkName(name);
        TemplateFiles.Found f = new TemplateFiles(templateDirs).find("agents/" + name + ".toml", MAX_BYTES)
                .orElseThrow(() -> CcyException.usage("no agent profile " + name + " (known: " + String.join(", ", available(templateDirs))
                        + "; add one as ~/.config/ccy/templates/agents/" + name + ".toml)"));
        return parse(name, f.text(), f.source());
    }

    /** The names of every profile there is: ccy's and the overrides'. */
    public static List<String> available(List<Path> templateDirs) {
        TreeSet<String> names = new TreeSet<>(BUILT_IN);
        for (Path dir : templateDirs) {
            try (var files = Files.newDirectoryStream(dir.resolve("agents"), "*.toml")) {
                files.forEach(f -> {
                    String n = f.getFileName().toString().replaceFirst("\\.toml$", "");
                    if (Names.isAgentProfile(n)) {
                        names.add(n);
                    }
                });
            } catch (IOException e) {
                // no such directory: nothing there
            }
        }
        return List.copyOf(names);
    }

    /** Parses a profile; errors name the file and say what is wrong, in one line. */
    public static AgentProfile parse(String name, String toml, String source) {
        Config t;
        try {
            t = new TomlParser().parse(toml);
        } catch (ParsingException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw CcyException.usage("agent profile " + source + ": " + oneLine(e.getMessage()));
        } catch (StackOverflowError e) {
            // the parser recurses per nesting level: "[[[[..." must not end ccy with a stack trace
            throw CcyException.usage("agent profile " + source + ": nested too deeply");
        }
        List<String> command = strings(t, "command", source);
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw CcyException.usage("agent profile " + source + ": command is empty");
        }
        command.forEach(a -> UnitValues.word("agent command argument", a));
        String resume = string(t, "resume", "", source);
        UnitValues.word("resume command", resume);
        Map<String, String> env = table(t, "environment", source);
        env.forEach((k, v) -> {
            if (!Names.isEnvVar(k)) {
                throw CcyException.usage("agent profile " + source + ": not an environment variable name: " + k);
            }
            UnitValues.word("environment value", v);
        });
        Map<String, String> secrets = table(t, "secrets", source);
        secrets.forEach((k, v) -> {
            if (!Names.isName(v) || !Names.isEnvVar(k)) {
                throw CcyException.usage("agent profile " + source + ": [secrets] maps a variable to a secret name: " + k);
            }
        });
        List<Seed> seeds = new ArrayList<>();
        Object arr = t.valueMap().get("seed");
        if (arr != null && !(arr instanceof List<?>)) {
            throw CcyException.usage("agent profile " + source + ": seed must be [[seed]] tables");
        }
        for (Object o : arr == null ? List.of() : (List<?>) arr) {
            if (!(o instanceof Config s)) {
                throw CcyException.usage("agent profile " + source + ": seed must be [[seed]] tables");
            }
            String path = homePath(string(s, "path", "", source), source);
            String merge = string(s, "merge", "", source);
            String create = string(s, "create", "", source);
            if (merge.isEmpty() == create.isEmpty()) {
                throw CcyException.usage("agent profile " + source + ": seed " + path + " needs one of merge or create");
            }
            if (!merge.isEmpty()) {
                HomeSeeder.parseObject(merge, "agent profile " + source + ": seed " + path);
            }
            seeds.add(new Seed(path, merge, create, string(s, "when_command_has", "", source), string(s, "when_env", "", source)));
        }
        String contextPath = "";
        String contextText = "";
        Object ctx = t.valueMap().get("context");
        if (ctx instanceof Config c) {
            contextPath = homePath(string(c, "path", "", source), source);
            contextText = string(c, "text", "", source).strip();
        } else if (ctx != null) {
            throw CcyException.usage("agent profile " + source + ": context must be a [context] table");
        }
        return new AgentProfile(name, string(t, "description", "", source), string(t, "npm_package", "", source),
                command, resume, string(t, "prompt_flag", "", source), env, secrets, seeds, contextPath, contextText,
                activity(t, source), source);
    }

    /** [activity]: hooks_file and the events and tools tables (see ActivityHooks); null without one. */
    private static ActivityHooks activity(Config t, String source) {
        Object a = t.valueMap().get("activity");
        if (a == null) {
            return null;
        }
        if (!(a instanceof Config c)) {
            throw CcyException.usage("agent profile " + source + ": activity must be an [activity] table");
        }
        String file = homePath(string(c, "hooks_file", "", source), source);
        Map<String, String> events = table(c, "events", source);
        Map<String, String> tools = table(c, "tools", source);
        ActivityHooks.check(events, tools, source);
        return new ActivityHooks(file, events, tools);
    }

    /** The agent to run: the profile's command, with the prompt (if any) as its last arguments. */
    public Agent agent(String prompt) {
        List<String> cmd = new ArrayList<>(command);
        if (prompt != null && !prompt.isEmpty()) {
            if (!promptFlag.isEmpty()) {
                cmd.add(promptFlag);
            }
            cmd.add(prompt);
        }
        return new Agent(cmd, resume);
    }

    /** A path inside HOME: relative, no "..": a profile cannot write outside the session's HOME. */
    static String homePath(String p, String source) {
        if (p.isEmpty() || p.startsWith("/") || Path.of(p).normalize().startsWith("..") || List.of(p.split("/")).contains("..")) {
            throw CcyException.usage("agent profile " + source + ": a path relative to HOME, without '..', is needed: " + p);
        }
        return Path.of(p).normalize().toString();
    }

    private static String oneLine(String s) {
        return s == null ? "not valid TOML" : String.join(" ", s.strip().lines().map(String::strip).toList());
    }

    private static String string(Config t, String key, String dflt, String source) {
        Object v = t.valueMap().get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof String s)) {
            throw CcyException.usage("agent profile " + source + ": " + key + " must be a string");
        }
        return s;
    }

    private static List<String> strings(Config t, String key, String source) {
        Object v = t.valueMap().get(key);
        if (!(v instanceof List<?> a)) {
            throw CcyException.usage("agent profile " + source + ": " + key + " must be a list of strings, e.g. [\"claude\"]");
        }
        List<String> out = new ArrayList<>();
        for (Object o : a) {
            if (!(o instanceof String s)) {
                throw CcyException.usage("agent profile " + source + ": " + key + " must be a list of strings");
            }
            out.add(s);
        }
        return out;
    }

    private static Map<String, String> table(Config t, String key, String source) {
        Map<String, String> out = new LinkedHashMap<>();
        Object v = t.valueMap().get(key);
        if (v == null) {
            return out;
        }
        if (!(v instanceof Config tt)) {
            throw CcyException.usage("agent profile " + source + ": " + key + " must be a [" + key + "] table");
        }
        for (Map.Entry<String, Object> e : tt.valueMap().entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw CcyException.usage("agent profile " + source + ": [" + key + "] " + e.getKey() + " must be a string");
            }
            out.put(e.getKey(), s);
        }
        return out;
    }
}
