package dev.bss.cli;

import picocli.CommandLine;

/** Reports the project version from the jar manifest (or "dev" when run from classes). */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = BssCommand.class.getPackage().getImplementationVersion();
        return new String[] {"bss " + (v == null ? "0.1.0-SNAPSHOT" : v), "Java " + System.getProperty("java.version")};
    }
}
