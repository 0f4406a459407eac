package dev.ccy.cli;

import picocli.CommandLine;

/** ccy's version, from the jar's manifest. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"ccy " + (v == null ? "(development build)" : v)};
    }
}
