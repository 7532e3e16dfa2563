package dev.bss.engine.model;

import dev.bss.core.io.BinaryFormatException;
import java.nio.file.Path;

/** A safetensors file that does not parse or does not fit a block: names the file and the byte offset of the fault. */
public final class SafetensorsFormatException extends BinaryFormatException {
    private static final long serialVersionUID = 1L;

    public SafetensorsFormatException(Path file, long offset, String message) {
        super(file, offset, message);
    }
}
