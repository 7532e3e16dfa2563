package dev.bss.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PyTorch peer of {@code bss bench epoch --peer}: finds a Python with PyTorch, runs the peer script
 * ({@code shared/peer/torch_two_tower.py} beside the repository) with the bench's sizes, and reads the figures it
 * prints ({@code train throughput vanilla: X samples/s}, {@code ratio bss-l/vanilla: X} — eval-mode scoring,
 * our {@code pass} —, {@code ratio bss-l-reference/vanilla: X} — train-mode scoring with the graph, our
 * {@code reference-code} — and {@code max rss: X MB}, its {@code ru_maxrss}).
 *
 * <p>The peer's peak resident set is read from its {@code /proc/PID/status} {@code VmHWM} while it runs, not from the
 * {@code ru_maxrss} it prints: Linux keeps a process's {@code ru_maxrss} across {@code execve}, and a child the JVM
 * spawns starts with the JVM's high-water mark, so the printed figure of a peer started from the bench was the bench's
 * own peak (measured: 1 211 MB printed by both sides). {@code VmHWM} belongs to the new address space and starts
 * from zero at {@code exec}. Where {@code /proc} is missing (not Linux) the printed figure is used, with that caveat.
 */
final class PeerBench {

    /** Debian's package; what the message for a missing PyTorch tells the user to install. */
    static final String INSTALL_HINT = "apt-get install -y python3-torch (Debian/Ubuntu) or pip install torch";

    /** Interpreters tried in order when none is given: the one on PATH, then the system one (Debian's torch). */
    static final List<String> DEFAULT_PYTHONS = List.of("python3", "/usr/bin/python3");

    private static final Pattern THROUGHPUT = Pattern.compile("(?m)^train throughput vanilla: ([0-9.]+) samples/s");
    private static final Pattern PASS = Pattern.compile("(?m)^ratio bss-l/vanilla: ([0-9.]+)");
    private static final Pattern REFERENCE = Pattern.compile("(?m)^ratio bss-l-reference/vanilla: ([0-9.]+)");
    private static final Pattern RSS = Pattern.compile("(?m)^max rss: ([0-9.]+) MB");

    private PeerBench() {
    }

    /**
     * The peer's figures.
     *
     * @param header its first line (torch version, threads, sizes)
     * @param throughput vanilla training samples per second
     * @param passRatio eval-mode scoring epoch over vanilla epoch
     * @param referenceRatio train-mode (reference-style) scoring epoch over vanilla epoch
     * @param maxRssMb peak resident set in MB (its {@code VmHWM} polled while it ran; else its {@code ru_maxrss / 1024})
     * @param rssSource where {@code maxRssMb} comes from: {@code "VmHWM"} or {@code "ru_maxrss (inherits the bench's peak)"}
     */
    record Result(String header, double throughput, double passRatio, double referenceRatio, double maxRssMb, String rssSource) {
        Result withRss(double mb, String source) {
            return new Result(header, throughput, passRatio, referenceRatio, mb, source);
        }
    }

    /** The default peer script: {@code <parent of the bss home>/shared/peer/torch_two_tower.py}. */
    static Path defaultScript(Path bssHome) {
        Path home = bssHome.toAbsolutePath().normalize();
        Path parent = home.getParent() == null ? home : home.getParent();
        return parent.resolve("shared").resolve("peer").resolve("torch_two_tower.py");
    }

    /** The first of {@code candidates} that runs {@code import torch} successfully, if any. */
    static Optional<String> findPython(List<String> candidates) {
        for (String py : candidates) {
            try {
                Process p = new ProcessBuilder(py, "-c", "import torch").redirectErrorStream(true).start();
                p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(py);
                }
                p.destroyForcibly();
            } catch (IOException e) {
                // not installed: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Runs the peer and returns its figures, or throws with the peer's output when it fails or prints none. */
    static Result run(String python, Path script, int n, int batch, int epochs, int threads, long seed)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--n", Integer.toString(n), "--batch",
                Integer.toString(batch), "--epochs", Integer.toString(epochs), "--threads", Integer.toString(threads),
                "--seed", Long.toString(seed)));
        WatchedChild.Outcome o = WatchedChild.run(new ProcessBuilder(cmd));
        if (o.exitCode() != 0) {
            throw new IOException("peer exited with " + o.exitCode() + ": " + o.lastLines(5));
        }
        Result r = parse(o.output());
        return o.peakKiB() > 0 ? r.withRss(o.peakKiB() / 1024.0, "VmHWM") : r;
    }

    /** Reads the peer's figures from its output. */
    static Result parse(String out) throws IOException {
        String header = out.lines().filter(l -> l.startsWith("torch ")).findFirst().orElse("torch ?");
        return new Result(header, number(THROUGHPUT, out, "train throughput vanilla"), number(PASS, out, "ratio bss-l/vanilla"),
                number(REFERENCE, out, "ratio bss-l-reference/vanilla"), number(RSS, out, "max rss"),
                "ru_maxrss (inherits the bench's peak)");
    }

    private static double number(Pattern p, String out, String what) throws IOException {
        Matcher m = p.matcher(out);
        if (!m.find()) {
            throw new IOException("peer printed no '" + what + "' line: " + WatchedChild.lastLines(out, 5));
        }
        return Double.parseDouble(m.group(1));
    }

    /** The message printed when no interpreter with PyTorch is found. */
    static String missingMessage(List<String> tried) {
        return String.format(Locale.ROOT, "peer: skipped: no Python with PyTorch found (tried %s); install it with %s,"
                + " or name an interpreter with --python", String.join(", ", tried), INSTALL_HINT);
    }

    /** Whether the script exists (a missing one is reported, not thrown). */
    static boolean scriptExists(Path script) {
        return Files.isRegularFile(script);
    }
}
