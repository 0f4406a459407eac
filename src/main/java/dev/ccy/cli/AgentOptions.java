package dev.ccy.cli;

import dev.ccy.CcyException;
import dev.ccy.session.Agent;
import dev.ccy.session.Config;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What a session runs: the image, the agent command and its resume command. Shared by {@code new} and {@code render}. */
final class AgentOptions {
    @Option(names = "--image", paramLabel = "IMAGE",
            description = "Container image; needs sh and tmux (default: CCY_IMAGE, image= in ~/.config/ccy/config, or "
                    + Config.DEFAULT_IMAGE + ", which 'ccy image build' makes)")
    String image;

    @Option(names = "--agent-cmd", paramLabel = "COMMAND",
            description = "Agent command as one shell command line (instead of AGENT_COMMAND after --)")
    String agentCmd;

    @Option(names = "--resume-cmd", paramLabel = "COMMAND",
            description = "Shell command run instead of the agent when the session starts again (after a reboot,"
                    + " a crash or ccy start). Default for the default agent: claude --continue when a conversation exists")
    String resumeCmd;

    @Parameters(paramLabel = "AGENT_COMMAND", arity = "0..*",
            description = "Agent command run in tmux, after '--' (default: claude --dangerously-skip-permissions)")
    List<String> command = new ArrayList<>();

    String image(String fallback) {
        return image == null || image.isBlank() ? fallback : image;
    }

    Agent agent() {
        if (agentCmd != null && !command.isEmpty()) {
            throw new CcyException("give the agent command either with --agent-cmd or after --, not both", 2);
        }
        if (agentCmd != null) {
            return Agent.shell(agentCmd, resumeCmd);
        }
        return Agent.of(command.isEmpty() ? Agent.CLAUDE.command() : command, resumeCmd);
    }
}
