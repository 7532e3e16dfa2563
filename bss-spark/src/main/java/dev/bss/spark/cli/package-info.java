/**
 * The {@code bss spark} commands ({@link dev.bss.spark.cli.SparkCommand}), joined to the {@code bss} command by
 * {@link dev.bss.spark.cli.SparkExtension} through {@code bss-cli}'s service-loaded {@code CommandExtension} seam, so
 * that {@code bss-cli} never depends on this module; {@link dev.bss.spark.cli.SparkMain} is the entry point for
 * {@code spark-submit}.
 */
package dev.bss.spark.cli;
