package dev.bss.cli;

import dev.bss.data.CacheRoot;
import dev.bss.data.MissingToolException;
import dev.bss.data.avdigits.AvDigitsBuilder;
import dev.bss.data.avdigits.AvDigitsRecipe;
import dev.bss.experiments.engine.EngineBackend;
import dev.bss.experiments.report.Table;
import dev.bss.experiments.spec.RunSpec;
import dev.bss.experiments.spec.RunSpecLoader;
import dev.bss.experiments.suite.Suite;
import dev.bss.experiments.suite.SuiteContext;
import dev.bss.experiments.suite.SuiteResults;
import dev.bss.experiments.suite.SuiteRunner;
import dev.bss.experiments.suite.SuiteVariant;
import dev.bss.experiments.suite.Suites;
import dev.bss.experiments.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bss demo}: prepares AV-digits (small) when missing, running {@code scripts/install-tools.sh} when a tool is
 * missing (it installs exactly the missing packages when it may: root, or password-less sudo; otherwise it prints the
 * command that works on this machine); then trains vanilla,
 * vanilla-uni, BSS-H and BSS-L on a short schedule, prints a results table and writes
 * {@code runs/demo-<time>/report.html}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the demo: prepare AV-digits (small) if missing, train vanilla, vanilla-uni, bss-h and bss-l on a"
                + " short schedule, print a table and write runs/demo-<time>/report.html.")
public final class DemoCommand implements Callable<Integer> {

    /** BatchNorm statistics are recomputed from this many training batches before each evaluation (smooth curves). */
    static final int PRECISE_BN_BATCHES = 20;

    static final String CLOSING = "How to read it: ACC is the test accuracy of each method's prediction; 'ACC audio %' and 'ACC"
            + " image %' are its unimodal heads alone (vanilla trains only the fused head, so its unimodal heads stay at chance)."
            + " One seed and a short schedule: differences of a few points are noise. Whether BSS helps, measured with converged"
            + " schedules on paired seeds: docs/results.md (bss experiment study).";

    @Option(names = "--epochs", defaultValue = "6", description = "Epochs per method (the learning rate drops ×0.1 after two"
            + " thirds of them). Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--train-limit", defaultValue = "1500", description = "Training samples per method (0 = all 2700). Default: ${DEFAULT-VALUE}.")
    int trainLimit;

    @Option(names = "--dataset", defaultValue = "av-digits", description = "Dataset (av-digits is prepared when missing; synthetic needs nothing). Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a key of the demo's run spec. Repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: runs/demo-<time> under the bss home).")
    Path out;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        List<String> ov = new ArrayList<>(List.of("dataset=" + dataset, "epochs=" + epochs, "train-limit=" + trainLimit,
                "batch-size=32", "optimizer.name=adam", "optimizer.lr=0.001", "optimizer.weight-decay=0.0001", "seed=1",
                "optimizer.step-lr.step=" + Suites.decayEpoch(epochs), "optimizer.step-lr.gamma=0.1",
                "evaluation.precise-bn-batches=" + PRECISE_BN_BATCHES));
        if (dataset.equals("av-digits")) {
            ov.add("dataset-options.size=small");
        }
        ov.addAll(sets);
        RunSpec base = RunSpecLoader.load(null, ov);
        EngineBackend backend = new EngineBackend();
        if (dataset.equals("av-digits") && !ensureAvDigits(backend, base)) {
            return ErrorHandlers.BAD_INPUT;
        }
        Path dir = out != null ? out : TrainCommand.home().resolve("runs")
                .resolve("demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Suite suite = Suites.demo();
        ConsoleProgress progress = ConsoleProgress.auto();
        SuiteRunner.Outcome o;
        try {
            o = SuiteRunner.builder().setSuite(suite).setBaseSpec(base).optSeeds(1).setDirectory(dir).setBackend(backend)
                    .optListener(progress).optRepoRoot(TrainCommand.home()).build().run();
        } finally {
            progress.close();
        }
        System.out.println();
        System.out.println(resultsText(dir, suite, base, backend));
        o.failed().forEach((k, m) -> System.out.println("failed " + k + ": " + m));
        System.out.println(CLOSING);
        System.out.printf(Locale.ROOT, "demo finished in %.1f min; report: %s%n", (System.nanoTime() - t0) / 6e10,
                o.report().toAbsolutePath().normalize());
        return o.failed().isEmpty() ? 0 : 1;
    }

    /** The results table (test set, epoch chosen on validation) as aligned text. */
    static String resultsText(Path dir, Suite suite, RunSpec base, EngineBackend backend) throws IOException {
        SuiteContext ctx = new SuiteContext(suite.id(), base, 1, backend.modalityNames(base), List.of(), dir);
        List<SuiteVariant> variants = suite.variants(ctx);
        Map<String, List<RunDirectory.Finished>> runs = new LinkedHashMap<>();
        for (SuiteVariant v : variants) {
            Path rd = SuiteRunner.runDir(dir, v, 1);
            runs.put(v.name(), RunDirectory.isFinished(rd) ? List.of(RunDirectory.read(rd)) : List.of());
        }
        SuiteResults r = new SuiteResults(variants, runs, 1);
        Table t = r.resultsTable("Demo results", SuiteResults.Selection.BEST_ON_VALIDATION, List.of(), variants);
        return align(t);
    }

    static String align(Table t) {
        List<List<String>> all = new ArrayList<>();
        all.add(t.header());
        all.addAll(t.rows());
        int[] w = new int[t.header().size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                w[i] = Math.max(w[i], row.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder(t.title()).append('\n');
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                String c = row.get(i);
                sb.append(i == 0 ? c + " ".repeat(w[i] - c.length()) : "  " + " ".repeat(w[i] - c.length()) + c);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Loads av-digits (small), preparing it first when missing. False when a tool is missing and cannot be installed. */
    static boolean ensureAvDigits(EngineBackend backend, RunSpec base) throws IOException, InterruptedException {
        try {
            backend.modalityNames(base);
            return true;
        } catch (IOException | RuntimeException e) {
            System.err.println("demo: av-digits (small) is not ready (" + firstLine(e) + "); preparing it (a few minutes)...");
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                AvDigitsBuilder.builder().optCacheRoot(CacheRoot.get()).optThreads(Math.max(1, Runtime.getRuntime().availableProcessors()))
                        .optLog(s -> System.err.println("av-digits: " + s)).build()
                        .prepare(AvDigitsRecipe.builder().optSize("small").build());
                backend.modalityNames(base);
                return true;
            } catch (MissingToolException e) {
                Path script = installer(TrainCommand.home());
                if (attempt > 0 || script == null || runInstaller(script) != 0) {
                    // the installer printed the command that works on this machine; without it, the tool's own hint
                    System.err.println("demo: " + e.tool() + " is missing"
                            + (script == null ? ". Install it with: " + e.installCommand() : " (see the command above)")
                            + "; then rerun ./bss demo");
                    return false;
                }
            }
        }
        return false;
    }

    /** {@code scripts/install-tools.sh} under the bss home, or {@code null} when this installation has none. */
    static Path installer(Path home) {
        Path p = home.resolve("scripts").resolve("install-tools.sh");
        return Files.isRegularFile(p) ? p : null;
    }

    /**
     * Runs the one installer ({@code scripts/install-tools.sh}, also used by {@code ./bss demo} before the JVM starts
     * and by CI): it installs exactly the missing packages one at a time as root or through password-less sudo, and
     * otherwise prints the command to run. Returns its exit code (0 = every required tool present), -1 when it could
     * not run.
     */
    static int runInstaller(Path script) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("bash", script.toString()).inheritIO().start();
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }
}
