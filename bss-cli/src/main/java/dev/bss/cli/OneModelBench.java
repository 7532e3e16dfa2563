package dev.bss.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fair memory figure of {@code bss bench epoch}: ONE vanilla model on the bench's data, shapes and epochs, trained in
 * a child JVM ({@code bss bench one-model}) started with this JVM's java, options and class path (so the launcher's
 * heap ceiling and preloaded allocator carry over), {@code DJL_OFFLINE} and {@code OPT_OUT_TRACKING}. Its peak resident
 * set is measured as the PyTorch peer's is ({@link PeerBench}): {@code VmHWM} polled from {@code /proc/PID/status}
 * while it runs ({@link WatchedChild}). The bench itself holds four trainers in one process, the peer one model.
 */
final class OneModelBench {

    private static final Pattern EPOCH = Pattern.compile("(?m)^epoch [0-9]+/[0-9]+: resident ([0-9.]+) MB$");
    private static final Pattern WALL = Pattern.compile("(?m)^epoch [0-9]+/[0-9]+: wall ([0-9.]+) s,");

    private OneModelBench() {
    }

    /**
     * The child's figures.
     *
     * @param peakMb its peak resident set ({@code VmHWM}, polled), MB
     * @param residentMb its resident set after each epoch (the first is the warm-up), MB
     * @param epochSeconds the wall time of each epoch (the first is the warm-up), s
     */
    record Result(double peakMb, List<Double> residentMb, List<Double> epochSeconds) {
    }

    /** Trains the one model in a child JVM and returns its figures; throws with the child's last lines if it fails. */
    static Result run(EpochBenchOptions options, int threads) throws IOException, InterruptedException {
        List<String> cmd = WorkerPool.thisJvm(ProcessHandle.current().info().command().orElse("java"),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getProperty("java.class.path"), threads);
        cmd.add("bench");
        cmd.add("one-model");
        cmd.addAll(options.arguments());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("DJL_OFFLINE", "true");
        env.put("OPT_OUT_TRACKING", "true");
        WatchedChild.Outcome o = WatchedChild.run(pb);
        List<Double> resident = parse(o.output());
        if (o.exitCode() != 0 || resident.size() != options.epochs + 1) {
            throw new IOException("one-model child exited with " + o.exitCode() + ": " + o.lastLines(5));
        }
        return new Result(o.peakKiB() / 1024.0, resident, numbers(WALL, o.output()));
    }

    /** The resident set after each epoch, from the child's {@code epoch K/E: resident X MB} lines. */
    static List<Double> parse(String output) {
        return numbers(EPOCH, output);
    }

    /** The wall time of each epoch, from the child's {@code epoch K/E: wall S s, ...} lines. */
    static List<Double> parseWall(String output) {
        return numbers(WALL, output);
    }

    private static List<Double> numbers(Pattern p, String output) {
        List<Double> out = new ArrayList<>();
        Matcher m = p.matcher(output);
        while (m.find()) {
            out.add(Double.parseDouble(m.group(1)));
        }
        return out;
    }
}
