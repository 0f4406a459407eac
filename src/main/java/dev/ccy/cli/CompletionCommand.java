package dev.ccy.cli;


import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "completion",
        description = {"Print the shell completion script for bash or zsh.",
                "It completes commands, options and session names and aliases; the sessions are asked for at completion"
                        + " time with ccy list --all -q, which reads only the session files.",
                "",
                "bash: ccy completion bash > ~/.local/share/bash-completion/completions/ccy (for every user:"
                        + " /usr/share/bash-completion/completions/ccy).",
                "zsh: add source <(ccy completion zsh) to ~/.zshrc."})
public final class CompletionCommand extends CcyCommand {
    /** The shells the script supports: picocli's script runs in zsh through bashcompinit. */
    enum Shell { bash, zsh }


    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Override
    public Integer call() {
        out().print(script(shell));
        return ok();
    }

    /** Writes the bash script to the file named by the first argument, at build time (see pom.xml). */
    public static void main(String[] args) throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Path.of(args[0]);
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, script(Shell.bash));
    }

    /** picocli's script for ccy's command tree, with the session placeholder made a call to ccy. */
    static String script(Shell shell) {
        String script = AutoComplete.bash("ccy", Main.commandLine());
        String placeholder = "local SESSION_pos_param_args=(\"" + SessionCandidates.PLACEHOLDER + "\")";
        if (!script.contains(placeholder)) {
            throw new IllegalStateException("picocli's completion script changed: no " + placeholder);
        }
        script = script.replace(placeholder, "local SESSION_pos_param_args=() # asked for when completed: _ccy_sessions")
                .replace("compReplyArray \"${SESSION_pos_param_args[@]}\"", "_ccy_sessions");
        String sessions = """

                # Session names and aliases, asked for at completion time from the ccy being completed; this reads
                # only the session files (no systemd, no podman).
                function _ccy_sessions() {
                  command "${COMP_WORDS[0]}" list --all -q --aliases 2>/dev/null
                }
                """;
        String header = shell == Shell.zsh
                ? "# zsh completion for ccy: picocli's bash script, run through zsh's bashcompinit.\n"
                        + "# Use it with: source <(ccy completion zsh)\n"
                : "";
        return header + script + sessions;
    }
}
