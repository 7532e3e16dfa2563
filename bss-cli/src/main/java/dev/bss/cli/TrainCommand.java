package dev.bss.cli;

import dev.bss.experiments.engine.EngineBackend;
import dev.bss.experiments.run.FinalSummary;
import dev.bss.experiments.run.RunDirectory;
import dev.bss.experiments.run.TrainingRun;
import dev.bss.experiments.spec.RunSpec;
import dev.bss.experiments.spec.RunSpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bss train}: one run from a YAML/JSON spec (or only {@code --set}s) into a run directory. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train one run from a YAML/JSON spec and write its run directory (docs/run-directory.md).",
            "Keys resolve in this order, later winning: defaults, --recipe, --config, --set.",
            "Example: bss train --set dataset=synthetic --set method=bss-l --set epochs=3",
            "Example: bss train --recipe crema-d --set dataset-options.root=/data/CREMA-D --print-config"})
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Run spec (.yaml, .yml or .json); defaults fill the rest.")
    Path config;

    @Option(names = "--recipe", paramLabel = "NAME",
            description = "Start from a named recipe: every key the official script of a dataset sets (bss recipes; docs/recipes.md). The config file's and --set's keys win over it.")
    String recipe;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a (dotted) key, e.g. --set optimizer.lr=0.01. Repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: runs/<method>-<dataset>-<time> under the bss home).")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue an interrupted run from its last checkpoint (uses DIR/spec.yaml;"
            + " --set may change only epochs, to extend a finished run, and scoring.mode/scoring.table).")
    Path resume;

    @Option(names = "--print-default-config", description = "Print the complete commented default spec and exit.")
    boolean printDefault;

    /** Keys a resumed run may change: how long it runs and where its scores come from. */
    static final List<String> RESUME_KEYS = List.of("epochs", "scoring.mode", "scoring.table");

    @Option(names = "--print-config", description = "Print the fully resolved spec (after --recipe, --config and --set) as YAML and exit without training.")
    boolean printConfig;

    /** The repository root ({@code bss.home}, set by the launcher) or the working directory. */
    static Path home() {
        return Path.of(System.getProperty("bss.home", ".")).toAbsolutePath().normalize();
    }

    @Override
    public Integer call() throws Exception {
        if (printDefault) {
            System.out.print(RunSpecLoader.defaultYaml());
            return 0;
        }
        RunSpec spec;
        Path dir;
        if (resume != null) {
            if (config != null || out != null || recipe != null) {
                throw new IllegalArgumentException("--resume DIR takes the spec from DIR/spec.yaml; do not combine it with --config, --recipe or --out");
            }
            for (String set : sets) {
                String key = set.substring(0, Math.max(0, set.indexOf('='))).strip();
                if (!RESUME_KEYS.contains(key)) {
                    throw new IllegalArgumentException("--resume DIR --set " + set + ": a resumed run changes only " + RESUME_KEYS
                            + " (to extend it, or to read scores from tables: docs/scale.md)");
                }
            }
            if (!Files.isRegularFile(resume.resolve(RunDirectory.SPEC))) {
                throw new IllegalArgumentException("--resume " + resume + ": no " + RunDirectory.SPEC + " there (not a run directory)");
            }
            spec = RunSpecLoader.load(resume.resolve(RunDirectory.SPEC), sets);
            dir = resume;
        } else {
            List<String> overrides = new ArrayList<>();
            if (recipe != null) {
                overrides.add("recipe=" + recipe);
            }
            overrides.addAll(sets);
            spec = RunSpecLoader.load(config, overrides);
            dir = out != null ? out : home().resolve("runs").resolve(spec.method() + "-" + spec.dataset() + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        if (printConfig) {
            System.out.print(spec.toYaml());
            return 0;
        }
        ConsoleProgress progress = ConsoleProgress.auto();
        FinalSummary s;
        try {
            s = TrainingRun.builder().setSpec(spec).setDirectory(dir).setBackend(new EngineBackend())
                    .optResume(resume != null).optListener(progress).optRepoRoot(home()).build().run();
        } finally {
            progress.close();
        }
        System.out.println(summaryTable(s));
        System.out.println("run directory: " + dir.toAbsolutePath().normalize());
        return 0;
    }

    /** A short plain-text table of the test metrics of a finished run (best on validation, best on test, last). */
    static String summaryTable(FinalSummary s) {
        StringBuilder sb = new StringBuilder();
        List<String> cols = new ArrayList<>(List.of("acc", "map", "macro_f1"));
        s.modalities().forEach(m -> cols.add("acc_" + m));
        sb.append(String.format(Locale.ROOT, "%-20s %6s", "test, %", "epoch"));
        for (String c : cols) {
            sb.append(String.format(Locale.ROOT, " %10s", c));
        }
        sb.append('\n');
        row(sb, "best on validation", s.bestOnValidation(), cols);
        row(sb, "best on test", s.bestOnTest(), cols);
        row(sb, "last epoch", s.last(), cols);
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, FinalSummary.Selection sel, List<String> cols) {
        if (sel == null) {
            return;
        }
        sb.append(String.format(Locale.ROOT, "%-20s %6d", name, sel.epoch()));
        for (String c : cols) {
            double v = sel.get("test", c);
            sb.append(Double.isNaN(v) ? String.format(Locale.ROOT, " %10s", "–") : String.format(Locale.ROOT, " %10.2f", 100 * v));
        }
        sb.append('\n');
    }
}
