package dev.bss.engine.model;

import java.io.IOException;
import java.nio.file.Path;

/** A safetensors file that does not parse or does not fit a block: names the file and the byte offset of the fault. */
public final class SafetensorsFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    public SafetensorsFormatException(Path file, long offset, String message) {
        super(file + " at byte " + offset + ": " + message);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
