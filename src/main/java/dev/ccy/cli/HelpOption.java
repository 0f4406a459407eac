package dev.ccy.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h/--help}, which every ccy command has. The version option lives on {@code ccy} alone,
 * where it means something; the exit codes come from {@link dev.ccy.Exit} (see {@code Main.houseStyle}).
 */
public final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
