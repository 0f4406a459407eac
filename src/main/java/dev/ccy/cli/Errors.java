package dev.ccy.cli;

import dev.ccy.CcyException;
import dev.ccy.Exit;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** How a run that goes wrong ends: one line on stderr and an exit code, never a stack trace. */
final class Errors {
    private Errors() {
    }

    /*
     * The two handlers are classes, not lambdas: a lambda for one of picocli's interfaces (compiled
     * for Java 5) makes the class-data archive's dump link picocli's classes, and linked classes of
     * that age are left out of the archive, the largest of picocli's among them.
     */

    /** A usage error: one line, with the command or option meant, and exit 2. */
    static final class Usage implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("ccy: " + usageError(ex) + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return Exit.USAGE.code();
        }
    }

    /** A failure: ccy's own as one line with its exit code, anything else without a stack trace unless CCY_DEBUG. */
    static final class Failure implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine c, CommandLine.ParseResult parsed) {
            PrintWriter err = c.getErr();
            c.getOut().flush();
            if (ex instanceof CcyException e) {
                err.println("ccy: " + e.getMessage());
                err.flush();
                return e.exitCode();
            }
            if (System.getenv("CCY_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            err.println("ccy: unexpected error: " + ex + " (set CCY_DEBUG=1 for details)");
            err.flush();
            return Exit.FAILED.code();
        }
    }

    /** picocli's message, with the command or option the user probably meant. */
    private static String usageError(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
            return ex.getMessage();
        }
        String arg = u.getUnmatched().get(0);
        CommandLine.Model.CommandSpec spec = u.getCommandLine().getCommandSpec();
        if (u.isUnknownOption()) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String near = Suggest.closest(name, spec.options().stream().filter(o -> !o.hidden())
                    .flatMap(o -> Arrays.stream(o.names())).toList());
            return "unknown option '" + name + "'" + (near == null ? "" : "; did you mean " + near + "?");
        }
        if (!spec.subcommands().isEmpty()) {
            List<String> visible = spec.subcommands().entrySet().stream()
                    .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden()).map(Map.Entry::getKey).toList();
            String near = Suggest.closest(arg, visible);
            if (near == null) {
                List<String> similar = u.getSuggestions();
                near = similar.isEmpty() ? null : similar.get(0);
            }
            return "unknown command '" + arg + "'" + (near == null ? "" : "; did you mean: " + spec.qualifiedName() + " " + near + "?");
        }
        return "unexpected argument '" + arg + "'";
    }
}
