package dev.bss.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Maps every failure to a one-line message on standard error and exit code 2 (bad input) or 1
 * (anything else), with the stack trace only under {@code --debug}.
 */
final class ErrorHandlers {

    /** Exit code for bad input: unknown flags, invalid values, malformed files. */
    static final int BAD_INPUT = 2;

    private ErrorHandlers() {
    }

    static void install(CommandLine cl, boolean debug) {
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("bss: " + ex.getMessage());
            if (debug) {
                ex.printStackTrace(err);
            }
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            boolean badInput = ex instanceof IllegalArgumentException || ex instanceof java.io.UncheckedIOException
                    || ex instanceof java.io.IOException || ex.getClass().getSimpleName().endsWith("FormatException")
                    || ex.getClass().getSimpleName().endsWith("InputException");
            String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            err.println("bss: " + msg.lines().findFirst().orElse(msg));
            if (debug) {
                ex.printStackTrace(err);
            }
            return badInput ? BAD_INPUT : 1;
        });
    }
}
