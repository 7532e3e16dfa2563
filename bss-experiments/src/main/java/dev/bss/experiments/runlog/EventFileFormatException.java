package dev.bss.experiments.runlog;

import dev.bss.core.io.BinaryFormatException;
import java.nio.file.Path;

/**
 * A TensorBoard event file that does not parse: the message names the file and the byte offset of the bad record
 * (its length field).
 */
public final class EventFileFormatException extends BinaryFormatException {
    private static final long serialVersionUID = 1L;

    public EventFileFormatException(Path file, long offset, String message) {
        super(file, offset, message);
    }
}
