package dev.ccy.cli;

import dev.ccy.session.store.Session;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "send",
        description = {"Type into a session's agent window, for scripts (tmux send-keys).",
                "Each KEY is text or a tmux key name, e.g. ccy send webshop-1 'run the tests' Enter, or ccy send webshop-1 C-c."})
final class SendCommand extends CcyCommand {

    @Mixin
    HelpOption help;

    @Mixin
    SessionArg session;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY", description = "Text or key names (Enter, Escape, C-c, Up...).")
    List<String> keys = new ArrayList<>();

    @Option(names = {"-l", "--literal"}, description = "Type every KEY as text, even one that names a key.")
    boolean literal;

    @Override
    public Integer call() {
        Session s = session.resolve(sessions());
        sessions().send(s, keys, literal);
        return ok();
    }
}
