package dev.bss.core.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A binary file that does not parse: the message reads {@code <file> at byte <offset>: <what is wrong>}. Format
 * readers subclass it (safetensors, TensorBoard event files) so callers can catch one type or the specific one.
 */
public class BinaryFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    public BinaryFormatException(Path file, long offset, String message) {
        super(file + " at byte " + offset + ": " + message);
        this.file = file;
        this.offset = offset;
    }

    /** The file that was read. */
    public Path file() {
        return file;
    }

    /** Byte offset of the fault (of the record, header field or tensor data where reading failed). */
    public long offset() {
        return offset;
    }
}
