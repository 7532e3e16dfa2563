package dev.bss.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bss experiment --workers N}: runs the same command in N child JVMs on one suite folder. The suite's run
 * claims ({@code RunClaim}, an operating-system file lock per run) share the runs among them, exactly as when a
 * user starts the command N times by hand. Each child is this JVM's own command line (same java, JVM options and
 * class path, so the launcher's heap size, DJL offline flags and preloaded allocator carry over) with
 * {@code --workers 1}, the engine thread count {@code threads} (system property, {@code BSS_THREADS} and the run
 * spec's {@code threads} key, unless the user set that key) and its output prefixed {@code [worker k] }.
 * Processes rather than threads: each has its own PyTorch thread pool and native memory, and a crash of one
 * leaves the others training.
 */
final class WorkerPool {

    /** Physical memory one worker is given when the default worker count is sized (AV-digits study: ≈ 0.85 GB RSS). */
    static final long BYTES_PER_WORKER = 2L << 30;

    private WorkerPool() {
    }

    /**
     * The default worker count: one per core (each with one engine thread), at most one per {@link #BYTES_PER_WORKER}
     * of physical memory, at least 1. Measured on 2 cores (docs/performance.md): 2 workers × 1 thread trained the
     * AV-digits study faster than 1 worker × 2 threads.
     */
    static int defaultWorkers(int cores, long physicalBytes) {
        long byMemory = physicalBytes <= 0 ? cores : physicalBytes / BYTES_PER_WORKER;
        return (int) Math.max(1, Math.min(cores, byMemory));
    }

    /** Engine threads per worker: the cores shared evenly, at least 1. */
    static int threadsPerWorker(int cores, int workers) {
        return Math.max(1, cores / workers);
    }

    /** The user's own {@code --set threads=V}, if any (the last one wins, as in the spec loader). */
    static Integer userThreads(List<String> sets) {
        Integer v = null;
        for (String s : sets) {
            String t = s.trim();
            if (t.startsWith("threads=")) {
                v = Integer.valueOf(t.substring("threads=".length()).trim());
            }
        }
        return v;
    }

    /**
     * One worker's command line.
     *
     * @param java the java executable
     * @param jvmOptions this JVM's options; {@code -Dai.djl.pytorch.num_threads} is replaced by {@code threads}
     * @param classPath the class path
     * @param args the experiment's arguments after {@code experiment}, without {@code --workers}
     * @param threads engine threads of the worker
     * @param setThreads whether to append {@code --set threads=<threads>} (not when the user set the key)
     */
    static List<String> command(String java, List<String> jvmOptions, String classPath, List<String> args, int threads,
            boolean setThreads) {
        List<String> cmd = thisJvm(java, jvmOptions, classPath, threads);
        cmd.add("experiment");
        cmd.addAll(args);
        cmd.add("--workers");
        cmd.add("1");
        if (setThreads) {
            cmd.add("--set");
            cmd.add("threads=" + threads);
        }
        return cmd;
    }

    /**
     * A child JVM's command line up to the CLI's arguments: {@code java}, the JVM options with
     * {@code -Dai.djl.pytorch.num_threads} replaced by {@code threads}, the class path and the main class (mutable: the
     * caller appends the command).
     */
    static List<String> thisJvm(String java, List<String> jvmOptions, String classPath, int threads) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        for (String o : jvmOptions) {
            if (!o.startsWith("-Dai.djl.pytorch.num_threads=")) {
                cmd.add(o);
            }
        }
        cmd.add("-Dai.djl.pytorch.num_threads=" + threads);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(Main.class.getName());
        return cmd;
    }

    /** {@code args} without any {@code --workers N} / {@code --workers=N}. */
    static List<String> withoutWorkers(List<String> args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--workers")) {
                i++;
            } else if (!a.startsWith("--workers=")) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * Starts {@code workers} children of this JVM with {@code args} and waits for all. Returns the largest exit
     * code (0 when every worker succeeded). Children are destroyed if this JVM is stopped.
     */
    static int run(List<String> args, int workers, int threads, boolean setThreads, PrintStream out)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> cmd = command(java, jvm, System.getProperty("java.class.path"), args, threads, setThreads);
        out.printf("experiment: %d workers x %d engine thread(s), sharing the suite by run claims%n", workers, threads);
        List<Process> children = new ArrayList<>();
        List<Thread> pumps = new ArrayList<>();
        Thread hook = new Thread(() -> children.forEach(Process::destroy));
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            for (int k = 1; k <= workers; k++) {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
                Map<String, String> env = pb.environment();
                env.put("BSS_THREADS", Integer.toString(threads));
                env.put("DJL_OFFLINE", "true");
                env.put("OPT_OUT_TRACKING", "true");
                Process p = pb.start();
                children.add(p);
                String prefix = "[worker " + k + "] ";
                Thread t = new Thread(() -> pump(p, prefix, out), "worker-" + k + "-output");
                t.start();
                pumps.add(t);
            }
            int worst = 0;
            for (Process p : children) {
                worst = Math.max(worst, p.waitFor());
            }
            for (Thread t : pumps) {
                t.join();
            }
            return worst;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook stops the children
            }
        }
    }

    private static void pump(Process p, String prefix, PrintStream out) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (out) {
                    out.println(prefix + line);
                }
            }
        } catch (IOException e) {
            synchronized (out) {
                out.println(prefix + "(output lost: " + e.getMessage() + ")");
            }
        }
    }
}
