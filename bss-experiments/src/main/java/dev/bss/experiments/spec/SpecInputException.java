package dev.bss.experiments.spec;

/**
 * A run spec is wrong: an unknown key, a value of the wrong type or an impossible value. The message
 * names the source (file or {@code --set}), the dotted key and what is allowed; the CLI maps it to a
 * one-line error and exit code 2.
 */
public final class SpecInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public SpecInputException(String key, String message) {
        super(key == null || key.isEmpty() ? message : key + ": " + message);
        this.key = key;
    }

    /** The dotted key the error is about ({@code ""} for the whole spec). */
    public String key() {
        return key == null ? "" : key;
    }
}
