package dev.ccy.cli;

import dev.ccy.Exit;
import dev.ccy.session.Sessions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of every ccy command, in the spirit of jbang's: the run's {@link Services} are given
 * once (no command reaches into {@link Main}), results go to picocli's {@link #out()} and messages
 * to its {@link #err()}, so tests and scripts capture both, and a command ends with an
 * {@link Exit} code (a pass-through command returns its child's code).
 */
abstract class CcyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Set by {@link Services.Factory} as picocli makes the command. */
    Services services;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    Sessions sessions() {
        return services.sessions(err());
    }

    /** The codes this command ends with, for its help. */
    java.util.List<Exit> exitCodes() {
        return Exit.COMMON;
    }

    static int ok() {
        return Exit.OK.code();
    }
}
