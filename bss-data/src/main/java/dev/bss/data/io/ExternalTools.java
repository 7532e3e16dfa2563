package dev.bss.data.io;

import dev.bss.data.MissingToolException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds and runs the external programs the builders use ({@code espeak-ng}, {@code npm}). */
public final class ExternalTools {

    /** The exact install command printed when {@code espeak-ng} is missing. */
    public static final String ESPEAK_INSTALL = "apt-get install -y espeak-ng";
    /** The exact install command printed when {@code npm} is missing. */
    public static final String NPM_INSTALL = "apt-get install -y npm";

    private ExternalTools() {
    }

    /**
     * Resolves {@code command} (a name looked up on {@code PATH}, or a path).
     *
     * @throws MissingToolException naming {@code installCommand} when it cannot be found
     */
    public static Path require(String command, String installCommand) {
        Path found = find(command);
        if (found == null) {
            throw new MissingToolException(command, installCommand);
        }
        return found;
    }

    /** The executable for {@code command}, or {@code null}. */
    public static Path find(String command) {
        if (command.contains(File.separator)) {
            Path p = Path.of(command);
            return Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** The result of one process run. */
    public record Result(int exitCode, String output) {
    }

    /**
     * Runs {@code command} in {@code workDir}, merging stdout and stderr.
     *
     * @throws IOException when it cannot start, times out or exits non-zero (with its output)
     */
    public static Result run(List<String> command, Path workDir, long timeoutSeconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        Process p = pb.start();
        byte[] out;
        try (var in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("'" + String.join(" ", command) + "' timed out after " + timeoutSeconds + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running '" + command.get(0) + "'", e);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("'" + String.join(" ", command) + "' failed with exit code " + p.exitValue()
                    + ": " + text.strip().lines().reduce((a, b) -> b).orElse(""));
        }
        return new Result(p.exitValue(), text);
    }
}
