package dev.ccy.session.agent;

import dev.ccy.CcyException;
import dev.ccy.quadlet.UnitValues;
import java.util.List;

/**
 * What a session runs: the agent command for its first start, and the shell command that resumes
 * it when the session starts again after a reboot, a crash or {@code ccy start} (empty: run the
 * agent command again).
 */
public record Agent(List<String> command, String resume) {
    /** Claude Code in YOLO mode, as CCY runs it. */
    public static final Agent CLAUDE = of(List.of("claude", "--dangerously-skip-permissions"), null);

    public Agent {
        command = List.copyOf(command);
        resume = resume == null ? "" : resume;
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw CcyException.usage("the agent command is empty");
        }
        command.forEach(arg -> UnitValues.word("agent command argument", arg));
        UnitValues.word("resume command", resume);
    }

    /**
     * An agent; without a resume command, a Claude Code command gets one: the same command with
     * --continue, when a conversation of /workspace exists (else claude stops with an error).
     */
    public static Agent of(List<String> command, String resume) {
        if (resume == null && !command.isEmpty() && command.get(0).equals("claude") && !command.contains("--continue")) {
            String cmd = command.stream().map(Agent::shellQuote).collect(java.util.stream.Collectors.joining(" "));
            // Claude keeps a directory's conversations in projects/<path with / as ->
            resume = "if ls \"$HOME\"/.claude/projects/-workspace/*.jsonl >/dev/null 2>&1; then exec " + cmd
                    + " --continue; fi; exec " + cmd;
        }
        return new Agent(command, resume);
    }

    static String shellQuote(String arg) {
        return arg.matches("[A-Za-z0-9_./=:@%+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }

    /** An agent given as one shell command line, as --agent-cmd takes it. */
    public static Agent shell(String commandLine, String resume) {
        return new Agent(List.of("sh", "-c", commandLine), resume);
    }
}
