package dev.bss.experiments.runlog;

import java.io.IOException;
import java.nio.file.Path;

/** A TensorBoard event file that does not parse: the message names the file and the byte offset of the bad record. */
public final class EventFileFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    public EventFileFormatException(Path file, long offset, String message) {
        super(file + " at byte " + offset + ": " + message);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    /** Byte offset of the record (its length field) where reading failed. */
    public long offset() {
        return offset;
    }
}
