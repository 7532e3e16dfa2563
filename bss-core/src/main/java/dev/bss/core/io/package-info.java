/**
 * Score tables on disk. The central type {@link dev.bss.core.io.ScoreFile} reads and writes the CSV format
 * {@code id,score} or {@code id,<raw columns>} and reports malformed input with a
 * {@link dev.bss.core.io.ScoreFileFormatException} naming the file and line.
 */
package dev.bss.core.io;
