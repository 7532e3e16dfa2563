package dev.bss.engine.train;

import java.io.IOException;

/** A checkpoint file is corrupt, truncated, of another version or does not match the run being resumed. */
public final class CheckpointFormatException extends IOException {
    public CheckpointFormatException(String message) {
        super(message);
    }
}
