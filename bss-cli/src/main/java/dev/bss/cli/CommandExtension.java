package dev.bss.cli;

/**
 * A {@code bss} subcommand that lives in an optional module (e.g. {@code bss spark} in {@code bss-spark}), found with
 * {@link java.util.ServiceLoader} when its jar is on the classpath. {@code bss-cli} itself depends on no such module.
 * Register an implementation in {@code META-INF/services/dev.bss.cli.CommandExtension}.
 */
public interface CommandExtension {

    /** The subcommand name, e.g. {@code spark}. */
    String name();

    /** A fresh picocli command object (a class annotated with {@code @Command}). */
    Object command();
}
