package dev.bss.cli;

import picocli.CommandLine;

/**
 * Entry point. Bad input ends with a one-line error and exit code 2; {@code --debug} (anywhere on the
 * command line) prints the stack trace as well.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        boolean debug = false;
        java.util.List<String> rest = new java.util.ArrayList<>();
        for (String a : args) {
            if (a.equals("--debug")) {
                debug = true;
            } else {
                rest.add(a);
            }
        }
        CommandLine cl = new CommandLine(new BssCommand());
        ErrorHandlers.install(cl, debug);
        return cl.execute(rest.toArray(String[]::new));
    }
}
