/**
 * The {@code bss} command line, built on picocli. {@link dev.bss.cli.BssCommand} is the root command;
 * each subcommand parses its options, builds a spec and delegates to the library modules.
 */
package dev.bss.cli;
