package dev.ccy.session;

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
    public static final Agent CLAUDE = new Agent(List.of("claude", "--dangerously-skip-permissions"),
            // --continue only when there is a conversation to continue, else it stops with an error
            "if ls \"$HOME\"/.claude/projects/*/*.jsonl >/dev/null 2>&1; then "
                    + "exec claude --dangerously-skip-permissions --continue; fi; exec claude --dangerously-skip-permissions");

    public Agent {
        command = List.copyOf(command);
        resume = resume == null ? "" : resume;
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw new CcyException("the agent command is empty", 2);
        }
        command.forEach(arg -> UnitValues.word("agent command argument", arg));
        UnitValues.word("resume command", resume);
    }

    /** An agent given as one shell command line, as --agent-cmd takes it. */
    public static Agent shell(String commandLine, String resume) {
        return new Agent(List.of("sh", "-c", commandLine), resume);
    }
}
