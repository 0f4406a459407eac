package dev.ccy.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What every ccy command shares in its help: {@code -h/--help} and the list of exit codes. The
 * version option lives on {@code ccy} alone, where it means something.
 */
@Command(exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {HelpOption.EXIT_OK, HelpOption.EXIT_FAILED, HelpOption.EXIT_USAGE, HelpOption.EXIT_NO_SESSION})
public final class HelpOption {
    static final String EXIT_OK = "0:Success.";
    static final String EXIT_FAILED = "1:Failed; the error says why.";
    static final String EXIT_USAGE = "2:Bad usage: an unknown command or option, a bad value, an ambiguous session name.";
    static final String EXIT_NO_SESSION = "3:No such session.";

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
