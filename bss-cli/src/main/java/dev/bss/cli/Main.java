package dev.bss.cli;

import picocli.CommandLine;

/**
 * Entry point. Subcommands of optional modules ({@code bss spark}) join through {@link CommandExtension} when their jar
 * is on the classpath. Bad input ends with a one-line error and exit code 2; {@code --debug} (anywhere on the
 * command line) prints the stack trace as well.
 */
public final class Main {

    /** Subcommands that start the DJL engine, checked against the bundled PyTorch native first. */
    static final java.util.Set<String> ENGINE_COMMANDS = java.util.Set.of("train", "demo", "experiment", "bench");

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
        for (CommandExtension x : java.util.ServiceLoader.load(CommandExtension.class)) {
            cl.addSubcommand(x.name(), x.command());
        }
        if (!cl.getSubcommands().containsKey(SparkMissingCommand.NAME)) {
            cl.addSubcommand(SparkMissingCommand.NAME, new SparkMissingCommand());
        }
        ErrorHandlers.install(cl, debug);
        if (!rest.isEmpty() && ENGINE_COMMANDS.contains(rest.get(0)) && !rest.contains("--help") && !rest.contains("-h")) {
            try {
                NativePlatform.check();
            } catch (NativePlatform.UnsupportedPlatformException e) {
                cl.getErr().println("bss: " + e.getMessage());
                return 1;
            }
        }
        return cl.execute(rest.toArray(String[]::new));
    }
}
