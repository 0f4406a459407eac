package dev.ccy.cli;

import dev.ccy.CcyException;
import dev.ccy.settings.Key;
import dev.ccy.settings.Overrides;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The settings a session can be given on the command line, shared by {@code new} and
 * {@code render}: each flag is the top layer over the files and CCY_* variables
 * ({@code ccy config show --origin}). Turned into one {@link Overrides} for the domain.
 */
final class SessionOptions {
    @Option(names = "--image", paramLabel = "IMAGE",
            description = "Container image; needs sh and tmux (setting: image)")
    String image;

    @Option(names = "--agent", paramLabel = "NAME", description = "Agent profile (setting: agent)")
    String agentProfile;

    @Option(names = "--agent-cmd", paramLabel = "COMMAND",
            description = "Agent command as one shell command line, instead of AGENT_COMMAND after -- (setting: command)")
    String agentCmd;

    @Option(names = "--resume-cmd", paramLabel = "COMMAND",
            description = "Shell command run instead of the agent when the session starts again after a reboot, a crash"
                    + " or ccy start (setting: resume). Default for Claude Code: claude --continue when a conversation exists")
    String resumeCmd;

    @Option(names = {"-v", "--mount"}, paramLabel = "SRC:DST[:OPTS]",
            description = "Extra mount; OPTS: ro or rw, and z, Z or nolabel (setting: mounts; repeatable)")
    List<String> mounts = new ArrayList<>();

    @Option(names = "--env", paramLabel = "NAME=VALUE", description = "Environment variable (setting: env; repeatable)")
    List<String> env = new ArrayList<>();

    @Option(names = "--forward-env", paramLabel = "NAME",
            description = "Give the session this variable's value from your environment, kept in a Podman secret"
                    + " (setting: forward_env; repeatable)")
    List<String> forwardEnv = new ArrayList<>();

    @Option(names = "--secret", paramLabel = "VARIABLE=SECRET",
            description = "Give the session a Podman secret as this variable (setting: secrets; repeatable)")
    List<String> secrets = new ArrayList<>();

    @Option(names = "--network", paramLabel = "NETWORK",
            description = "default, none, host or a podman network's name (setting: network)")
    String network;

    @Option(names = {"-p", "--publish"}, paramLabel = "PORT",
            description = "Publish a port, as podman --publish takes it (setting: ports; repeatable)")
    List<String> ports = new ArrayList<>();

    @Option(names = "--device", paramLabel = "DEVICE", description = "Host device, e.g. /dev/dri (setting: devices; repeatable)")
    List<String> devices = new ArrayList<>();

    @Option(names = "--memory", paramLabel = "SIZE", description = "Memory limit, e.g. 8g; 0 for none (setting: limits.memory)")
    String memory;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU limit, e.g. 2 or 1.5; 0 for none (setting: limits.cpus)")
    String cpus;

    @Option(names = "--pids-limit", paramLabel = "N", description = "Process limit; 0 for none (setting: limits.pids)")
    String pids;

    @Option(names = "--prompt", paramLabel = "TEXT",
            description = "Start the agent on this task (its first message); with --detach it works while you are away")
    String prompt;

    @Option(names = "--prompt-file", paramLabel = "FILE", description = "Like --prompt, with the text of FILE ('-': stdin)")
    String promptFile;

    @Parameters(paramLabel = "AGENT_COMMAND", arity = "0..*",
            description = "Agent command run in tmux, after '--' (default: the agent profile's, for Claude Code"
                    + " claude --dangerously-skip-permissions)")
    List<String> command = new ArrayList<>();

    /** The flags as the top settings layer; each value is checked like a file's. */
    Overrides overrides() {
        if (agentCmd != null && !command.isEmpty()) {
            throw CcyException.usage("give the agent command either with --agent-cmd or after --, not both");
        }
        Overrides o = Overrides.NONE
                .with(Key.IMAGE, blankToNull(image), "--image")
                .with(Key.AGENT, blankToNull(agentProfile), "--agent")
                .with(Key.COMMAND, agentCmd != null ? agentCmd : command.isEmpty() ? null : List.copyOf(command),
                        agentCmd != null ? "--agent-cmd" : "AGENT_COMMAND")
                .with(Key.RESUME, resumeCmd, "--resume-cmd")
                .with(Key.NETWORK, network, "--network")
                .with(Key.MEMORY, memory, "--memory")
                .with(Key.CPUS, cpus, "--cpus")
                .with(Key.PIDS, pids, "--pids-limit");
        o = withEach(o, Key.MOUNTS, mounts, "--mount");
        o = withEach(o, Key.ENV, env, "--env");
        o = withEach(o, Key.FORWARD_ENV, forwardEnv, "--forward-env");
        o = withEach(o, Key.SECRETS, secrets, "--secret");
        o = withEach(o, Key.PORTS, ports, "--publish");
        return withEach(o, Key.DEVICES, devices, "--device");
    }

    private static Overrides withEach(Overrides o, Key key, List<String> values, String flag) {
        for (String v : values) {
            o = o.with(key, v, flag);
        }
        return o;
    }

    /** The task given with --prompt or --prompt-file, or "" for none. */
    String prompt() {
        if (prompt != null && promptFile != null) {
            throw CcyException.usage("give the task either with --prompt or with --prompt-file, not both");
        }
        String text = prompt;
        if (promptFile != null) {
            try {
                text = promptFile.equals("-") ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                        : java.nio.file.Files.readString(java.nio.file.Path.of(promptFile), java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                throw CcyException.usage("cannot read the prompt file " + promptFile + ": " + e.getMessage());
            }
        }
        if (text != null && text.isBlank()) {
            throw CcyException.usage("the prompt is empty");
        }
        return text == null ? "" : text.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
