package dev.bss.cli;

import dev.bss.core.measure.Normalization;
import dev.bss.core.order.Order;
import dev.bss.core.order.Ranking;
import dev.bss.core.random.RandomStreams;
import dev.bss.core.schedule.LearningBasedScheduler;
import dev.bss.core.schedule.ProbabilityTransform;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.apache.commons.rng.UniformRandomProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bss bench core}: times the engine-free hot path for N samples: normalise (min-max of a similarity
 * and a loss column, combined into {@code s = Norm(sim) − Norm(loss)}), rank (CL order), and one
 * learning-based epoch (linear weights + weighted permutation of all N). Prints each phase's median and
 * minimum over the repetitions and their sums, as wall time, and the median process CPU time (all threads: the
 * argsort sorts two halves concurrently from 2^20 elements on; GC and JIT threads count too). In the same run it
 * times the JDK's {@link Arrays#sort(double[])} (dual-pivot quicksort, one thread) of a copy of the same N combined
 * scores and prints {@code ratio re-rank/jdk-sort}: the whole re-rank (sum of the three medians) over the median
 * sort, a machine-independent guard (target at most 0.6). One untimed repetition first warms the JIT for all four. A harness, not a test: nothing is asserted.
 */
@Command(name = "core", mixinStandardHelpOptions = true,
        description = "Time normalising, ranking and drawing a weighted permutation of N scores (median of repetitions).")
public final class BenchCoreCommand implements Callable<Integer> {

    /** The issue's guard: normalise + rank + weighted permutation at most this fraction of a plain JDK sort. */
    static final double RERANK_TARGET = 0.6;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--n", paramLabel = "N", defaultValue = "10000000", description = "Number of samples (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the random inputs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--repetitions", paramLabel = "R", defaultValue = "5", description = "Repetitions per phase (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        if (n < 1) {
            throw new CommandLine.ParameterException(cl, "--n must be >= 1, got " + n);
        }
        if (repetitions < 1) {
            throw new CommandLine.ParameterException(cl, "--repetitions must be >= 1, got " + repetitions);
        }
        PrintWriter out = cl.getOut();
        UniformRandomProvider rng = RandomStreams.of(seed, 0, 0);
        double[] sim = new double[n];
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            sim[i] = rng.nextDouble();
            loss[i] = -Math.log1p(-rng.nextDouble()) * 2; // exponential losses
        }
        long[] tNorm = new long[repetitions];
        long[] tRank = new long[repetitions];
        long[] tPerm = new long[repetitions];
        long[] cNorm = new long[repetitions];
        long[] cRank = new long[repetitions];
        long[] cPerm = new long[repetitions];
        long[] tSort = new long[repetitions];
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        java.util.function.LongSupplier cpu = os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os)::getProcessCpuTime
                : java.lang.management.ManagementFactory.getThreadMXBean()::getCurrentThreadCpuTime;
        long checksum = 0;
        for (int r = -1; r < repetitions; r++) { // r = -1: one untimed warm-up repetition (JIT)
            long c0 = cpu.getAsLong();
            long t0 = System.nanoTime();
            double[] a = Normalization.MIN_MAX.apply(sim);
            double[] b = Normalization.MIN_MAX.apply(loss);
            for (int i = 0; i < n; i++) {
                a[i] -= b[i];
            }
            long t1 = System.nanoTime();
            long c1 = cpu.getAsLong();
            int[] ranking = Ranking.rank(a, Order.CL);
            long t2 = System.nanoTime();
            long c2 = cpu.getAsLong();
            LearningBasedScheduler l = LearningBasedScheduler.builder().setSize(n).setSeed(seed + r)
                    .optTransform(ProbabilityTransform.linear(0.01)).build();
            l.updateScores(1, a);
            int[] perm = l.sequence(1);
            long t3 = System.nanoTime();
            long c3 = cpu.getAsLong();
            double[] copy = a.clone();
            long t4 = System.nanoTime();
            Arrays.sort(copy);
            long t5 = System.nanoTime();
            checksum += ranking[0] + perm[0] + (long) copy[0];
            if (r < 0) {
                continue;
            }
            cNorm[r] = c1 - c0;
            cRank[r] = c2 - c1;
            cPerm[r] = c3 - c2;
            tNorm[r] = t1 - t0;
            tRank[r] = t2 - t1;
            tPerm[r] = t3 - t2;
            tSort[r] = t5 - t4;
        }
        double norm = median(tNorm);
        double rank = median(tRank);
        double perm = median(tPerm);
        out.printf("bss bench core: N=%d, %d repetitions, %d available processors, java %s, load average %.2f%n", n,
                repetitions, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.printf("phase,median_wall_ms,min_wall_ms,median_process_cpu_ms%n");
        out.printf("normalise (min-max x2 + combine),%.1f,%.1f,%.1f%n", norm, min(tNorm), median(cNorm));
        out.printf("rank (radix argsort, CL),%.1f,%.1f,%.1f%n", rank, min(tRank), median(cRank));
        out.printf("weighted permutation (linear weights, exponential keys),%.1f,%.1f,%.1f%n", perm, min(tPerm), median(cPerm));
        out.printf("total (sum),%.1f,%.1f,%.1f%n", norm + rank + perm, min(tNorm) + min(tRank) + min(tPerm),
                median(cNorm) + median(cRank) + median(cPerm));
        double sort = median(tSort);
        out.printf("jdk Arrays.sort (same N doubles; reference),%.1f,%.1f,%n", sort, min(tSort));
        out.printf("ratio re-rank/jdk-sort: %.2f (target <= %.1f)%n", (norm + rank + perm) / sort, RERANK_TARGET);
        out.printf("(checksum %d)%n", checksum);
        out.flush();
        return 0;
    }

    private static double min(long[] nanos) {
        return Arrays.stream(nanos).min().orElse(0) / 1e6;
    }

    private static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        double v = s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2.0;
        return v / 1e6;
    }
}
