package dev.bss.data;

import java.nio.file.Path;

/**
 * Malformed or unreadable dataset input: a corrupt WAV/JPEG/PNG/NPY/IDX file, a bad annotation line,
 * a label out of range, an empty split. The message always names the file and, where it applies, the
 * line and field. The CLI maps it (by its name ending in {@code FormatException}) to a one-line error
 * and exit code 2.
 */
public class DataFormatException extends RuntimeException {

    private final transient Path file;

    public DataFormatException(String message) {
        super(message);
        this.file = null;
    }

    public DataFormatException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    public DataFormatException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    public DataFormatException(Path file, int line, String message) {
        super(file + ":" + line + ": " + message);
        this.file = file;
    }

    /** The offending file, or {@code null} when the problem is not tied to one file. */
    public Path file() {
        return file;
    }
}
