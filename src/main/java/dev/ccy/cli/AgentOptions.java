package dev.ccy.cli;

import dev.ccy.session.Config;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What a session runs: the image and the agent command. Shared by {@code new} and {@code render}. */
final class AgentOptions {
    @Option(names = "--image", paramLabel = "IMAGE",
            description = "Container image; needs sh and tmux (default: CCY_IMAGE, image= in ~/.config/ccy/config, or "
                    + Config.DEFAULT_IMAGE + ")")
    String image;

    @Parameters(paramLabel = "AGENT_COMMAND", arity = "0..*",
            description = "Agent command run in tmux, after '--' (default: claude --dangerously-skip-permissions)")
    List<String> command = new ArrayList<>();

    String image(String fallback) {
        return image == null || image.isBlank() ? fallback : image;
    }

    List<String> command() {
        return command.isEmpty() ? Config.DEFAULT_AGENT : command;
    }
}
