package dev.bss.core.io;

import java.nio.file.Path;

/** A malformed score file; the message names the file and the 1-based line. */
public class ScoreFileFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    /**
     * @param file the file
     * @param line 1-based line number (0 when not line-specific)
     * @param message what is wrong
     */
    public ScoreFileFormatException(Path file, int line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
        this.file = file;
        this.line = line;
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** The 1-based line, or 0. */
    public int line() {
        return line;
    }
}
