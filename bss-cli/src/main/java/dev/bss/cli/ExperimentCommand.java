package dev.bss.cli;

import dev.bss.experiments.engine.EngineBackend;
import dev.bss.experiments.spec.RunSpec;
import dev.bss.experiments.spec.RunSpecLoader;
import dev.bss.experiments.suite.Suite;
import dev.bss.experiments.suite.SuiteRunner;
import dev.bss.experiments.suite.Suites;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bss experiment SUITE}: trains a suite over seeds (resumable) and writes its tables, plots and report. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = {"Run an experiment suite over seeds into one folder (resumable: finished runs are skipped) and write"
            + " tables/, plots/ and report.html.",
            "It starts --workers processes (default: one per core, each with one engine thread) that share the runs:"
            + " each run is claimed with a file lock, so they never repeat one; starting the command several times by"
            + " hand on one folder works the same way.",
            "Suites: study (the converged, paired verdict on BSS: docs/results.md), main, criteria, pacing, sensitivity, case-study,"
            + " measurer-validity, pacing-curves (docs/experiments.md)."})
public final class ExperimentCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SUITE", description = "study | main | criteria | pacing | sensitivity | case-study | measurer-validity | pacing-curves")
    String suite;

    @Option(names = "--dataset", paramLabel = "ID", description = "Dataset id (default: av-digits).")
    String dataset = "av-digits";

    @Option(names = "--seeds", paramLabel = "N", description = "Seeds 1..N per variant (default: 3).")
    int seeds = 3;

    @Option(names = "--epochs", paramLabel = "E", description = "Epochs per run (default: the spec default).")
    Integer epochs;

    @Option(names = "--size", paramLabel = "SIZE", description = "Sets dataset-options.size (e.g. small for av-digits).")
    String size;

    @Option(names = "--config", paramLabel = "FILE", description = "Base run spec every variant starts from.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a key of the base spec. Repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Suite folder (default: runs/<suite>-<dataset> under the bss home).")
    Path out;

    @Option(names = "--report-only", description = "Train nothing: rebuild tables/, plots/ and report.html from the runs"
            + " finished so far (e.g. while other processes are still training the suite).")
    boolean reportOnly;

    @Option(names = "--only", split = ",", paramLabel = "VARIANT",
            description = "Train only these variants (their names under runs/<variant>/, comma-separated); the others are"
                + " left as they are and the report covers every finished run (e.g. the study's context rows with the"
                + " rows they are paired with: --only vanilla,vanilla-uni,uni-audio,...).")
    List<String> only = new ArrayList<>();

    @Option(names = "--workers", paramLabel = "N",
            description = "Worker processes sharing the suite, each with cores/N engine threads (at least 1) unless --set"
                + " threads= is given (default: one per core, at most one per 2 GiB of memory; 1 = train in this process).")
    Integer workers;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Suite s = Suites.of(suite);
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
        }
        if (workers != null && workers < 1) {
            throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
        }
        List<String> ov = new ArrayList<>();
        ov.add("dataset=" + dataset);
        if (epochs != null) {
            ov.add("epochs=" + epochs);
        }
        if (size != null) {
            ov.add("dataset-options.size=" + size);
        }
        ov.addAll(sets);
        RunSpec base = RunSpecLoader.load(config, ov);
        Path dir = out != null ? out : TrainCommand.home().resolve("runs").resolve(s.id() + "-" + base.dataset());
        int cores = Runtime.getRuntime().availableProcessors();
        int n = workers != null ? workers : WorkerPool.defaultWorkers(cores, physicalMemory());
        if (n > 1 && s.needsTraining() && !reportOnly) {
            Integer own = WorkerPool.userThreads(sets);
            int threads = own != null && own > 0 ? own : WorkerPool.threadsPerWorker(cores, n);
            List<String> args = WorkerPool.withoutWorkers(spec.commandLine().getParseResult().originalArgs());
            args = args.subList(args.indexOf("experiment") + 1, args.size());
            int rc = WorkerPool.run(args, n, threads, own == null, System.out);
            System.out.println("report: " + dir.resolve("report.html").toAbsolutePath().normalize()
                    + (rc == 0 ? "" : " (a worker ended with exit code " + rc + ")"));
            return rc;
        }
        ConsoleProgress progress = ConsoleProgress.auto();
        SuiteRunner.Outcome o;
        try {
            o = SuiteRunner.builder().setSuite(s).setBaseSpec(base).optSeeds(seeds).setDirectory(dir)
                    .setBackend(new EngineBackend())
                    .optListener(progress).optRepoRoot(TrainCommand.home()).optReportOnly(reportOnly).optOnly(only).build().run();
        } finally {
            progress.close();
        }
        if (reportOnly) {
            System.out.printf("%s: report only, %d runs finished, %d not (yet)%n", s.id(), o.skipped(), o.missing());
        } else {
            System.out.printf("%s: %d runs trained, %d already finished, %d left to other processes, %d failed%n", s.id(),
                    o.trained(), o.skipped(), o.busy(), o.failed().size());
        }
        o.failed().forEach((k, m) -> System.out.println("  failed " + k + ": " + m));
        System.out.println("report: " + o.report().toAbsolutePath().normalize());
        return o.failed().isEmpty() ? 0 : 1;
    }

    /** Physical memory in bytes (0 when the JVM cannot tell). */
    private static long physicalMemory() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean b ? b.getTotalMemorySize() : 0;
    }
}
