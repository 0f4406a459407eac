package dev.ccy.cli;

import dev.ccy.CcyException;
import dev.ccy.Exit;
import dev.ccy.session.ActivityWait;
import dev.ccy.Durations;
import dev.ccy.session.store.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "wait",
        description = {"Wait until sessions' agents reach an activity.",
                "Blocks until every SESSION's activity (ccy list) is the one --until names: idle (the turn is done),"
                        + " waiting (the agent asks its user), exited, or any of these three. It watches the sessions'"
                        + " state directories, polling nothing. For scripts: ccy new --detach --prompt TEXT, then"
                        + " ccy wait SESSION --until idle."})
final class WaitCommand extends CcyCommand {
    static final List<String> UNTIL = List.of("idle", "waiting", "exited", "any");

    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "SESSION", arity = "1..*", description = SessionArg.DESCRIPTION + " Several may be given.",
            completionCandidates = SessionCandidates.class)
    List<String> names = new ArrayList<>();

    @Option(names = "--until", paramLabel = "ACTIVITY", defaultValue = "idle", completionCandidates = Until.class,
            description = "idle (default), waiting, exited or any.")
    String until;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Give up after this long (30s, 5min, 1h; systemd's time syntax) with exit code 4. Default: no limit.")
    String timeout;

    @Override
    public Integer call() {
        if (!UNTIL.contains(until)) {
            throw CcyException.usage("'" + until + "' is not an activity to wait for: use one of " + String.join(", ", UNTIL));
        }
        Duration limit = timeout == null ? null : Durations.parse(timeout);
        List<Session> wanted = names.stream().map(n -> sessions().store().get(n)).distinct().toList();
        ActivityWait.Result r = new ActivityWait(sessions()).await(wanted, until, limit);
        r.pending().forEach((name, a) -> err().println("ccy: " + name + " is " + a.name()
                + (a.message().isEmpty() ? "" : ": " + a.message())));
        return switch (r.outcome()) {
            case REACHED -> ok();
            case TIMEOUT -> {
                err().println("ccy: timed out after " + timeout + " waiting for " + until);
                yield Exit.TIMEOUT.code();
            }
            case STOPPED -> {
                err().println("ccy: a session stopped (or its agent exited) before it was " + until);
                yield Exit.STOPPED.code();
            }
        };
    }

    @Override
    List<Exit> exitCodes() {
        return List.of(Exit.OK, Exit.FAILED, Exit.USAGE, Exit.NO_SESSION, Exit.TIMEOUT, Exit.STOPPED);
    }

    static final class Until implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return UNTIL.iterator();
        }
    }
}
