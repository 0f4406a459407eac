package dev.ccy.cli;

import dev.ccy.CcyException;
import dev.ccy.settings.Key;
import dev.ccy.settings.Overrides;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The settings a session can be given on the command line, shared by {@code new} and
 * {@code render}: each flag is the top layer over the files and CCY_* variables
 * ({@code ccy config show --origin}). The setting flags are not written here: {@link Flags} adds
 * one option per {@link Key} row that names a flag, so a new setting needs no line in this file.
 */
final class SessionOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec self;

    @Option(names = "--prompt", paramLabel = "TEXT",
            description = "Start the agent on this task (its first message); with --detach it works while you are away")
    String prompt;

    @Option(names = "--prompt-file", paramLabel = "FILE", description = "Like --prompt, with the text of FILE ('-': stdin)")
    String promptFile;

    @Parameters(paramLabel = "AGENT_COMMAND", arity = "0..*",
            description = "Agent command run in tmux, after '--' (default: the agent profile's, for Claude Code"
                    + " claude --dangerously-skip-permissions)")
    List<String> command = new ArrayList<>();

    /**
     * Adds the setting flags to the model of a command that mixes these options in (picocli runs
     * a mixin's own transformer never, so the command names this one). A named class, not a
     * lambda: the class-data archive holds named classes only (see {@link Main}).
     */
    static final class Flags implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            for (Key key : Key.values()) {
                Key.Flag flag = key.flag().orElse(null);
                if (flag == null) {
                    continue;
                }
                OptionSpec.Builder option = OptionSpec.builder(flag.names().toArray(String[]::new))
                        .paramLabel(flag.label())
                        .description(flag.description() + " (setting: " + key.toml() + (key.merges() ? "; repeatable)" : ")"));
                if (key.merges()) {
                    option.type(List.class).auxiliaryTypes(String.class);
                } else {
                    option.type(String.class);
                }
                spec.addOption(option.build());
            }
            return spec;
        }
    }

    /** The flags as the top settings layer; each value is checked like a file's. */
    Overrides overrides() {
        Overrides o = Overrides.NONE;
        for (Key key : Key.values()) {
            Key.Flag flag = key.flag().orElse(null);
            if (flag == null) {
                continue;
            }
            // the longest name is the one a user reads in ccy config show --origin
            String name = flag.names().get(flag.names().size() - 1);
            Object given = self.findOption(name).getValue();
            if (key == Key.COMMAND) {
                o = withCommand(o, (String) given);
            } else if (given instanceof List<?> values) {
                for (Object v : values) {
                    o = o.with(key, v, name);
                }
            } else if (given != null && !(key.blankIsUnset() && ((String) given).isBlank())) {
                o = o.with(key, given, name);
            }
        }
        return o;
    }

    /** The agent command comes either as one line with --agent-cmd or as words after --. */
    private Overrides withCommand(Overrides o, String agentCmd) {
        if (agentCmd != null && !command.isEmpty()) {
            throw CcyException.usage("give the agent command either with --agent-cmd or after --, not both");
        }
        if (agentCmd != null) {
            return o.with(Key.COMMAND, agentCmd, "--agent-cmd");
        }
        return command.isEmpty() ? o : o.with(Key.COMMAND, List.copyOf(command), "AGENT_COMMAND");
    }

    /** The task given with --prompt or --prompt-file, or "" for none. */
    String prompt() {
        if (prompt != null && promptFile != null) {
            throw CcyException.usage("give the task either with --prompt or with --prompt-file, not both");
        }
        String text = prompt;
        if (promptFile != null) {
            try {
                text = promptFile.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(Path.of(promptFile), StandardCharsets.UTF_8);
            } catch (IOException | UncheckedIOException e) {
                throw CcyException.usage("cannot read the prompt file " + promptFile + ": " + e.getMessage());
            }
        }
        if (text != null && text.isBlank()) {
            throw CcyException.usage("the prompt is empty");
        }
        return text == null ? "" : text.strip();
    }
}
