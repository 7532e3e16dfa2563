package dev.bss.experiments.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bss.experiments.report.HtmlReport;
import dev.bss.experiments.run.AtomicFiles;
import dev.bss.experiments.run.Provenance;
import dev.bss.experiments.run.RunDirectory;
import dev.bss.experiments.run.RunListener;
import dev.bss.experiments.run.TrainingBackend;
import dev.bss.experiments.run.TrainingRun;
import dev.bss.experiments.spec.RunSpec;
import dev.bss.experiments.spec.RunSpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Trains every variant of a suite over seeds {@code 1..N} into {@code DIR/runs/<variant>/seed-<k>/}
 * (seed-major, so partial results cover all variants), skipping finished runs ({@code final.json}) and
 * resuming interrupted ones and leaving runs that another process has claimed ({@link RunClaim}: start the same
 * command once per core to share a suite), then writes {@code suite.json}, {@code tables/}, {@code plots/} and
 * {@code report.html}. A failing run is logged and reported; the others go on.
 */
public final class SuiteRunner {

    private final Suite suite;
    private final RunSpec baseSpec;
    private final int seeds;
    private final Path dir;
    private final TrainingBackend backend;
    private final RunListener listener;
    private final Path repoRoot;
    private final boolean reportOnly;
    private final Set<String> only;

    private SuiteRunner(Builder b) {
        this.suite = b.suite;
        this.baseSpec = b.baseSpec;
        this.seeds = b.seeds;
        this.dir = b.dir;
        this.backend = b.backend;
        this.listener = b.listener;
        this.repoRoot = b.repoRoot;
        this.reportOnly = b.reportOnly;
        this.only = b.only;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Outcome of a suite.
     *
     * @param report the written {@code report.html}
     * @param trained runs trained (or resumed) now
     * @param skipped runs already finished
     * @param busy runs left to another process that was training them ({@link RunClaim})
     * @param failed failed runs with their error message
     * @param missing runs neither finished nor trained now (only in report-only mode)
     */
    public record Outcome(Path report, int trained, int skipped, int busy, Map<String, String> failed, int missing) {
    }

    /** The folder of one run. */
    public static Path runDir(Path suiteDir, SuiteVariant v, int seed) {
        return suiteDir.resolve("runs").resolve(v.name()).resolve("seed-" + seed);
    }

    public Outcome run() throws IOException {
        Files.createDirectories(dir);
        boolean train = suite.needsTraining();
        if (train && backend == null) {
            throw new IllegalStateException("suite " + suite.id() + " trains runs but no backend was set");
        }
        List<String> modalities = train ? backend.modalityNames(baseSpec) : List.of();
        List<String> methods = train ? backend.methodIds() : List.of();
        SuiteContext ctx = new SuiteContext(suite.id(), baseSpec, seeds, modalities, methods, dir);
        List<SuiteVariant> variants = suite.variants(ctx);
        checkOnly(variants);
        // build every spec first: a bad override fails before any training
        Map<String, RunSpec> specs = new LinkedHashMap<>();
        List<Map.Entry<SuiteVariant, Integer>> order = runOrder(variants);
        if (!reportOnly && !only.isEmpty()) {
            order.removeIf(run -> !only.contains(run.getKey().name()));
        }
        for (Map.Entry<SuiteVariant, Integer> run : order) {
            SuiteVariant v = run.getKey();
            int seed = run.getValue();
            {
                List<String> ov = new ArrayList<>(v.overrides());
                ov.addAll(suite.commonOverrides(ctx));
                ov.add("seed=" + seed);
                specs.put(v.name() + "/" + seed, RunSpecLoader.withOverrides(baseSpec, ov));
            }
        }
        if (reportOnly) {
            int finished = 0;
            for (Map.Entry<SuiteVariant, Integer> run : order) {
                if (RunDirectory.isFinished(runDir(dir, run.getKey(), run.getValue()))) {
                    finished++;
                }
            }
            listener.log("report only: " + finished + " of " + order.size() + " runs finished; nothing trained");
            return new Outcome(writeReport(ctx, variants, null), 0, finished, 0, Map.of(), order.size() - finished);
        }
        writeSuiteJson(ctx, variants, null);
        int trained = 0;
        int skipped = 0;
        int busy = 0;
        Map<String, String> failed = new LinkedHashMap<>();
        int total = specs.size();
        int k = 0;
        for (Map.Entry<SuiteVariant, Integer> run : order) {
            SuiteVariant v = run.getKey();
            int seed = run.getValue();
            {
                k++;
                Path rd = runDir(dir, v, seed);
                String key = v.name() + "/seed-" + seed;
                if (RunDirectory.isFinished(rd)) {
                    skipped++;
                    listener.log("[" + k + "/" + total + "] " + key + ": finished before, skipped");
                    continue;
                }
                Optional<RunClaim> claim = RunClaim.tryAcquire(dir, v.name(), seed);
                if (claim.isEmpty()) {
                    busy++;
                    listener.log("[" + k + "/" + total + "] " + key + ": being trained by another process, skipped");
                    continue;
                }
                try (RunClaim held = claim.get()) {
                    if (RunDirectory.isFinished(rd)) { // another process finished it while we looked
                        skipped++;
                        listener.log("[" + k + "/" + total + "] " + key + ": finished by another process, skipped");
                        continue;
                    }
                    boolean resume = Files.exists(rd.resolve(RunDirectory.METRICS));
                    listener.log("[" + k + "/" + total + "] " + key + (resume ? ": resuming" : ": training"));
                    try {
                        TrainingRun.builder().setSpec(specs.get(v.name() + "/" + seed)).setDirectory(rd).setBackend(backend)
                                .optResume(resume).optListener(listener).optRepoRoot(repoRoot).build().run();
                        trained++;
                    } catch (IOException | RuntimeException e) {
                        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                        failed.put(key, msg);
                        listener.log(key + " FAILED: " + msg);
                    }
                }
            }
        }
        if (busy > 0) {
            listener.log(busy + " run(s) were being trained by other processes: the report covers the runs finished so far;"
                    + " the last process to finish (or running the command again) writes the complete one");
        }
        Path report = writeReport(ctx, variants, failed);
        writeSuiteJson(ctx, variants, failed);
        return new Outcome(report, trained, skipped, busy, failed, 0);
    }

    /** Rejects an {@code --only} name that is not one of the suite's variants, naming the ones it has. */
    private void checkOnly(List<SuiteVariant> variants) {
        List<String> names = variants.stream().map(SuiteVariant::name).toList();
        List<String> unknown = only.stream().filter(n -> !names.contains(n)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("--only: suite " + suite.id() + " has no variant " + String.join(", ", unknown)
                    + "; its variants are " + String.join(", ", names));
        }
    }

    /** Every (variant, seed) to train, by {@link Suite#priority}, then seed, then variant order. */
    private List<Map.Entry<SuiteVariant, Integer>> runOrder(List<SuiteVariant> variants) {
        List<Map.Entry<SuiteVariant, Integer>> order = new ArrayList<>();
        for (int seed = 1; seed <= seeds; seed++) {
            for (SuiteVariant v : variants) {
                if (seed <= suite.seedsFor(v, seeds)) {
                    order.add(Map.entry(v, seed));
                }
            }
        }
        order.sort(java.util.Comparator.comparingInt(e -> suite.priority(e.getKey()))); // stable: seed-major within
        return order;
    }

    /** Rebuilds tables, plots and the report from the finished runs, without training. */
    public Path writeReport(SuiteContext ctx, List<SuiteVariant> variants, Map<String, String> failed) throws IOException {
        Map<String, List<RunDirectory.Finished>> runs = new LinkedHashMap<>();
        for (SuiteVariant v : variants) {
            List<RunDirectory.Finished> l = new ArrayList<>();
            for (int seed = 1; seed <= suite.seedsFor(v, seeds); seed++) {
                Path rd = runDir(dir, v, seed);
                if (RunDirectory.isFinished(rd)) {
                    l.add(RunDirectory.read(rd));
                }
            }
            runs.put(v.name(), l);
        }
        SuiteResults results = new SuiteResults(variants, runs, seeds);
        HtmlReport report = new HtmlReport("bss experiment " + suite.id() + " on " + baseSpec.dataset());
        report.paragraph(suite.description() + ".");
        if (!variants.isEmpty()) {
            report.paragraph(String.format(java.util.Locale.ROOT,
                    "%d variants × %d seed(s), %d epochs, batch %d, %s lr %s; dataset %s %s. Seeds are 1..%d; runs are under runs/<variant>/seed-<k>/.",
                    variants.size(), seeds, baseSpec.epochs(), baseSpec.batchSize(), baseSpec.optimizer().name(),
                    baseSpec.optimizer().lr(), baseSpec.dataset(), baseSpec.datasetOptions(), seeds));
        }
        if (failed != null && !failed.isEmpty()) {
            report.heading("Failed runs");
            failed.forEach((k, m) -> report.paragraph(k + ": " + m));
        }
        suite.report(ctx, results, report);
        report.heading("Provenance");
        Provenance p = Provenance.collect(repoRoot, baseSpec.seed()).finish();
        Map<String, String> facts = new LinkedHashMap<>();
        for (String key : List.of("git_revision", "git_dirty", "bss_version", "java_version", "djl_version", "os", "cores", "host")) {
            facts.put(key, p.get(key));
        }
        firstRunProvenance(variants).forEach(facts::putIfAbsent);
        report.facts("Machine and versions (report time; each run's own provenance.json is authoritative)", facts);
        report.preformatted("base spec:\n" + baseSpec.toYaml());
        return report.write(dir.resolve("report.html"));
    }

    private Map<String, String> firstRunProvenance(List<SuiteVariant> variants) throws IOException {
        for (SuiteVariant v : variants) {
            Path p = runDir(dir, v, 1).resolve(RunDirectory.PROVENANCE);
            if (Files.exists(p)) {
                Map<String, String> all = Provenance.read(p);
                Map<String, String> out = new LinkedHashMap<>();
                for (String key : List.of("dataset", "dataset_checksum", "train_size", "modalities", "pytorch_version")) {
                    if (all.containsKey(key)) {
                        out.put(key, all.get(key));
                    }
                }
                return out;
            }
        }
        return Map.of();
    }

    private void writeSuiteJson(SuiteContext ctx, List<SuiteVariant> variants, Map<String, String> failed) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode o = json.createObjectNode();
        o.put("suite", suite.id());
        o.put("dataset", baseSpec.dataset());
        o.put("seeds", seeds);
        o.put("epochs", baseSpec.epochs());
        o.put("updated", Instant.now().toString());
        ArrayNode mods = o.putArray("modalities");
        ctx.modalities().forEach(mods::add);
        ArrayNode vs = o.putArray("variants");
        for (SuiteVariant v : variants) {
            ObjectNode n = vs.addObject();
            n.put("name", v.name());
            n.put("label", v.label());
            ArrayNode ov = n.putArray("overrides");
            v.overrides().forEach(ov::add);
        }
        if (failed != null) {
            ObjectNode f = o.putObject("failed");
            failed.forEach(f::put);
        }
        AtomicFiles.writeString(dir.resolve("suite.json"), json.writeValueAsString(o) + "\n");
        AtomicFiles.writeString(dir.resolve("base-spec.yaml"), baseSpec.toYaml());
    }

    /** Builder: {@code setSuite}, {@code setBaseSpec}, {@code setDirectory} required; {@code setBackend} for training suites. */
    public static final class Builder {
        private Suite suite;
        private RunSpec baseSpec;
        private int seeds = 3;
        private Path dir;
        private TrainingBackend backend;
        private RunListener listener = new RunListener() {
        };
        private Path repoRoot;
        private boolean reportOnly;
        private Set<String> only = Set.of();

        public Builder setSuite(Suite suite) {
            this.suite = suite;
            return this;
        }

        public Builder setBaseSpec(RunSpec spec) {
            this.baseSpec = spec;
            return this;
        }

        public Builder setDirectory(Path dir) {
            this.dir = dir;
            return this;
        }

        public Builder setBackend(TrainingBackend backend) {
            this.backend = backend;
            return this;
        }

        /** Number of seeds, at least 1 (default 3). */
        public Builder optSeeds(int seeds) {
            this.seeds = seeds;
            return this;
        }

        public Builder optListener(RunListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        public Builder optRepoRoot(Path root) {
            this.repoRoot = root;
            return this;
        }

        /**
         * Report only: rebuild {@code tables/}, {@code plots/} and {@code report.html} from the runs finished so far,
         * training nothing and leaving claimed runs alone (a report of a suite that workers are still training).
         */
        public Builder optReportOnly(boolean reportOnly) {
            this.reportOnly = reportOnly;
            return this;
        }

        /**
         * Train only these variants (names as under {@code runs/<variant>/}); empty, the default, trains them all. The
         * others are left as they are, and the report still covers every finished run of the suite.
         */
        public Builder optOnly(java.util.Collection<String> variants) {
            this.only = Set.copyOf(variants);
            return this;
        }

        public SuiteRunner build() {
            List<String> missing = new ArrayList<>();
            if (suite == null) {
                missing.add("suite (setSuite)");
            }
            if (baseSpec == null) {
                missing.add("base spec (setBaseSpec)");
            }
            if (dir == null) {
                missing.add("directory (setDirectory)");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("SuiteRunner.builder(): missing " + String.join(", ", missing));
            }
            if (seeds < 1) {
                throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
            }
            return new SuiteRunner(this);
        }
    }
}
