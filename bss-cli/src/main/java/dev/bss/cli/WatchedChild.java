package dev.bss.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a child process of a benchmark to its end, collecting its output (stdout and stderr together) and its peak
 * resident set, {@code VmHWM} of {@code /proc/PID/status} polled every 100 ms while it runs ({@link ProcStatus}).
 * {@code VmHWM} only grows, so the last reading before the child exits is its peak up to then.
 */
final class WatchedChild {

    /**
     * A finished child.
     *
     * @param exitCode its exit status
     * @param output what it printed
     * @param peakKiB its {@code VmHWM} in KiB, 0 where {@code /proc} could not be read
     */
    record Outcome(int exitCode, String output, long peakKiB) {
        /** The last {@code k} lines of the output, joined by {@code " | "} (for error messages). */
        String lastLines(int k) {
            return WatchedChild.lastLines(output, k);
        }
    }

    /** The last {@code k} lines of {@code text}, joined by {@code " | "}. */
    static String lastLines(String text, int k) {
        List<String> lines = text.lines().toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - k), lines.size()));
    }

    private WatchedChild() {
    }

    /** Starts {@code pb} (its error stream merged into its output) and waits for the child to exit. */
    static Outcome run(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.redirectErrorStream(true).start();
        AtomicLong hwm = new AtomicLong();
        Thread poller = new Thread(() -> {
            while (p.isAlive()) {
                hwm.accumulateAndGet(ProcStatus.peakKiB(p.pid()), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "child-rss-" + p.pid());
        poller.setDaemon(true);
        poller.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            p.getInputStream().transferTo(out);
            int rc = p.waitFor();
            poller.join(1000);
            return new Outcome(rc, out.toString(StandardCharsets.UTF_8), hwm.get());
        } finally {
            p.destroyForcibly();
        }
    }
}
