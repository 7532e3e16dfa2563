package dev.bss.data;

/**
 * An external program a dataset builder needs ({@code espeak-ng}, {@code npm}) is not installed. The
 * message names the exact command that installs it.
 */
public class MissingToolException extends RuntimeException {

    private final String tool;
    private final String installCommand;

    public MissingToolException(String tool, String installCommand) {
        super("'" + tool + "' is not installed or not on PATH; install it with: " + installCommand);
        this.tool = tool;
        this.installCommand = installCommand;
    }

    public String tool() {
        return tool;
    }

    public String installCommand() {
        return installCommand;
    }
}
