package dev.bss.experiments.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.experiments.FakeBackend;
import dev.bss.experiments.OutputChecks;
import dev.bss.experiments.spec.RunSpec;
import dev.bss.experiments.spec.RunSpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every suite end to end on the fake backend: outputs exist and are well-formed (not their values). */
class SuiteRunnerTest {

    @TempDir
    Path tmp;

    static RunSpec base(int epochs) {
        return RunSpecLoader.load(null, List.of("dataset=fake", "epochs=" + epochs));
    }

    @ParameterizedTest
    @ValueSource(strings = {"main", "criteria", "pacing", "sensitivity", "case-study", "measurer-validity", "pacing-curves", "study"})
    void suiteWritesTablesPlotsAndReport(String id) throws Exception {
        Path dir = tmp.resolve(id);
        Suite suite = Suites.of(id);
        FakeBackend backend = new FakeBackend();
        SuiteRunner.Outcome out = SuiteRunner.builder().setSuite(suite).setBaseSpec(base(3)).optSeeds(2).setDirectory(dir)
                .setBackend(backend).build().run();
        assertEquals(List.of(), List.copyOf(out.failed().keySet()));
        List<SuiteVariant> planned = suite.variants(new SuiteContext(id, base(3), 2, List.of("audio", "image"), backend.methodIds(), dir));
        int variants = planned.size();
        assertEquals(planned.stream().mapToInt(v -> suite.seedsFor(v, 2)).sum(), out.trained());
        String html = OutputChecks.reportWellFormed(dir.resolve("report.html"), 1);
        assertTrue(Files.isRegularFile(dir.resolve("suite.json")));
        assertTrue(OutputChecks.pngsDecode(dir) >= 1);
        OutputChecks.csvsRectangular(dir);
        OutputChecks.noTemporaries(dir);
        if (variants > 0) {
            List<String> lines = Files.readAllLines(dir.resolve("tables/results-best-on-validation.csv"));
            List<String> header = List.of(lines.get(0).split(","));
            assertEquals("method", header.get(0));
            assertTrue(header.contains("ACC audio %") && header.contains("seeds"), header.toString());
            assertEquals(variants + 1, lines.size());
            assertTrue(html.contains("vanilla-uni"));
            assertTrue(Files.readString(dir.resolve("tables/results-best-on-validation.md")).startsWith("**"));
            assertTrue(Files.readString(dir.resolve("tables/results-best-on-validation.tex")).contains("\\toprule"));
        }
    }

    @Test
    void studyTrainsVerdictRowsOnEverySeedFirstAndContextRowsOnThree() throws Exception {
        Path dir = tmp.resolve("study");
        Suite study = Suites.of("study");
        FakeBackend backend = new FakeBackend();
        List<String> log = new java.util.ArrayList<>();
        SuiteRunner.Outcome out = SuiteRunner.builder().setSuite(study).setBaseSpec(base(9)).optSeeds(5).setDirectory(dir)
                .setBackend(backend).optListener(new dev.bss.experiments.run.RunListener() {
                    @Override
                    public void log(String line) {
                        log.add(line);
                    }
                }).build().run();
        assertEquals(List.of(), List.copyOf(out.failed().keySet()));
        for (String v : StudySuite.VERDICT) {
            assertTrue(Files.exists(SuiteRunner.runDir(dir, SuiteVariant.of(v, v), 5).resolve("final.json")), v + " has seed 5");
        }
        assertTrue(Files.exists(SuiteRunner.runDir(dir, SuiteVariant.of("uni-audio", "x"), 3).resolve("final.json")));
        assertFalse(Files.exists(SuiteRunner.runDir(dir, SuiteVariant.of("uni-audio", "x"), 4)), "context rows stop at 3 seeds");
        assertFalse(Files.exists(SuiteRunner.runDir(dir, SuiteVariant.of("bss-l-paper-protocol", "x"), 2)), "seed 1 only");
        // every verdict run (7 × 5) and the pacing control's three are trained before the first context run
        List<String> training = log.stream().filter(l -> l.endsWith(": training")).toList();
        int firstContext = 0;
        while (firstContext < training.size()) {
            String row = training.get(firstContext).replaceAll("^\\[\\d+/\\d+\\] ", "").replaceAll("/seed-.*", "");
            if (!StudySuite.VERDICT.contains(row) && !row.equals(StudySuite.PACING_CONTROL)) {
                break;
            }
            firstContext++;
        }
        assertEquals(7 * 5 + 3, firstContext, training.toString());
        assertTrue(Files.exists(SuiteRunner.runDir(dir, SuiteVariant.of(StudySuite.PACING_CONTROL, "x"), 3).resolve("final.json")));
        assertFalse(Files.exists(SuiteRunner.runDir(dir, SuiteVariant.of(StudySuite.PACING_CONTROL, "x"), 4)), "the pacing control stops at 3 seeds");
        String pacing = Files.readString(SuiteRunner.runDir(dir, SuiteVariant.of(StudySuite.PACING_CONTROL, "x"), 1).resolve("spec.yaml"));
        assertTrue(pacing.contains("method: bss-h") && pacing.contains("shuffle-scores: true"), pacing);
        List<String> decomposition = Files.readAllLines(dir.resolve("tables/decomposition.csv"));
        assertTrue(decomposition.size() >= 13, "Concat row + twelve comparisons: " + decomposition);
        assertTrue(decomposition.stream().anyMatch(l -> l.contains("(bss-h − bss-h-shuffled)")), decomposition.toString());
        assertTrue(decomposition.stream().anyMatch(l -> l.contains("shuffled-score control")), decomposition.toString());
        // the protocol reaches every spec: step decay at 2/3 of 9 epochs and precise BN, except the paper-protocol rows
        String spec = Files.readString(SuiteRunner.runDir(dir, SuiteVariant.of("bss-l", "x"), 1).resolve("spec.yaml"));
        assertTrue(spec.contains("step: 6") && spec.contains("precise-bn-batches: 50"), spec);
        String paper = Files.readString(SuiteRunner.runDir(dir, SuiteVariant.of("bss-l-paper-protocol", "x"), 1).resolve("spec.yaml"));
        assertTrue(paper.contains("precise-bn-batches: 0"), paper);
        assertEquals("no evidence either way", StudySuite.verdict(dev.bss.experiments.stats.Summary.of(0.01, -0.02, 0.005)));
        assertEquals("higher", StudySuite.verdict(dev.bss.experiments.stats.Summary.of(0.02, 0.021, 0.019)));
        // two seeds never give a verdict, however narrow their interval; equal differences give no interval at all
        assertEquals("2 seeds: too few for a verdict", StudySuite.verdict(dev.bss.experiments.stats.Summary.of(0.02, 0.021)));
        assertEquals("no spread over 3 seeds: no interval", StudySuite.verdict(dev.bss.experiments.stats.Summary.of(0.9 - 0.8, 0.3 - 0.2, 0.1)));
        assertEquals("one seed only", StudySuite.verdict(dev.bss.experiments.stats.Summary.of(0.02)));
        // each row also lists its paired differences seed by seed (pp), leaving out seeds without both runs
        assertEquals("s1 -1.00; s3 +2.00", StudySuite.perSeed(new double[] {0.80, Double.NaN, 0.79}, new double[] {0.81, 0.80, 0.77}));
        assertEquals("–", StudySuite.perSeed(new double[] {Double.NaN}, new double[] {0.5}));
        String header = decomposition.get(0);
        assertTrue(header.endsWith("per seed Δ pp"), header);
        String lossesRow = decomposition.stream().filter(l -> l.contains("(vanilla-uni − vanilla)")).findFirst().orElseThrow();
        assertTrue(lossesRow.matches(".*s1 [+-][0-9]+\\.[0-9]{2}; s2 [+-][0-9]+\\.[0-9]{2}.*"), lossesRow);
        // the learning-curve gaps to vanilla-uni, at epochs 1, 2, 5 and the last, with each row's sample visits
        List<String> gaps = Files.readAllLines(dir.resolve("tables/gap-by-epoch.csv"));
        assertEquals("row − vanilla-uni,\"sample visits, % of vanilla-uni's\",epoch 1,epoch 2,epoch 5,epoch 9,seeds", gaps.get(0));
        assertEquals(1 + StudySuite.GAP_ROWS.size(), gaps.size(), gaps.toString());
        String bssH = gaps.stream().filter(l -> l.startsWith("bss-h,")).findFirst().orElseThrow();
        // the fake bss-h trains on 13, 26, then 40 of 40 samples: 319 of vanilla-uni's 360 visits over 9 epochs
        assertTrue(bssH.matches("bss-h,88\\.6 %(,[+-][0-9]+\\.[0-9]){4},5"), bssH);
        assertTrue(gaps.stream().anyMatch(l -> l.startsWith("bss-l,100.0 %,")), gaps.toString());
    }

    @Test
    void gapTableCellsArePairedBySeed() {
        assertEquals(List.of(1, 2, 5, 10, 15, 20, 25, 30), StudySuite.shownEpochs(30));
        assertEquals(List.of(1, 2, 3), StudySuite.shownEpochs(3));
        assertEquals(List.of(1), StudySuite.shownEpochs(1));
        // seed 2 has no pair: the mean is over seeds 1 and 3, (-0.02 + 0.04) / 2
        assertEquals("+1.0", StudySuite.gap(new double[] {0.70, 0.9, 0.74}, new double[] {0.72, Double.NaN, 0.70}));
        assertEquals("–", StudySuite.gap(new double[] {Double.NaN}, new double[] {0.5}));
        // a paced run that saw 78 816 of 89 280 sample visits in one seed and 80 000 of 80 000 in another
        assertEquals("94.1 %", StudySuite.visits(new double[] {78_816, 80_000}, new double[] {89_280, 80_000}));
        assertEquals("–", StudySuite.visits(new double[] {1, Double.NaN}, new double[] {Double.NaN, 2}));
    }

    @Test
    void secondInvocationSkipsFinishedRunsAndResumesPartialOnes() throws Exception {
        Path dir = tmp.resolve("main");
        FakeBackend backend = new FakeBackend();
        SuiteRunner.Outcome first = SuiteRunner.builder().setSuite(Suites.of("main")).setBaseSpec(base(2)).optSeeds(1).setDirectory(dir)
                .setBackend(backend).build().run();
        int runs = first.trained();
        // wipe one run's final.json: it is resumed, the others skipped
        Files.delete(SuiteRunner.runDir(dir, Suites.vanilla(), 1).resolve("final.json"));
        SuiteRunner.Outcome second = SuiteRunner.builder().setSuite(Suites.of("main")).setBaseSpec(base(2)).optSeeds(1).setDirectory(dir)
                .setBackend(backend).build().run();
        assertEquals(1, second.trained());
        assertEquals(runs - 1, second.skipped());
    }

    @Test
    void reportOnlyTrainsNothingAndReportsTheFinishedRuns() throws Exception {
        Path dir = tmp.resolve("study-partial");
        FakeBackend backend = new FakeBackend();
        SuiteRunner.builder().setSuite(Suites.of("study")).setBaseSpec(base(3)).optSeeds(2).setDirectory(dir)
                .setBackend(backend).build().run();
        // one verdict run unfinished (as while a worker still trains it)
        Files.delete(SuiteRunner.runDir(dir, SuiteVariant.of("bss-l", "x"), 2).resolve("final.json"));
        Files.delete(dir.resolve("report.html"));
        String metricsBefore = Files.readString(SuiteRunner.runDir(dir, SuiteVariant.of("bss-l", "x"), 2).resolve("metrics.csv"));
        SuiteRunner.Outcome out = SuiteRunner.builder().setSuite(Suites.of("study")).setBaseSpec(base(3)).optSeeds(2)
                .setDirectory(dir).setBackend(backend).optReportOnly(true).build().run();
        assertEquals(0, out.trained());
        assertEquals(1, out.missing());
        assertFalse(Files.exists(SuiteRunner.runDir(dir, SuiteVariant.of("bss-l", "x"), 2).resolve("final.json")), "nothing trained");
        assertEquals(metricsBefore, Files.readString(SuiteRunner.runDir(dir, SuiteVariant.of("bss-l", "x"), 2).resolve("metrics.csv")));
        OutputChecks.reportWellFormed(dir.resolve("report.html"), 1);
        // bss-l has one seed left, so its paired Δ against vanilla-uni covers 1 seed
        List<String> decomposition = Files.readAllLines(dir.resolve("tables/decomposition.csv"));
        String row = decomposition.stream().filter(l -> l.contains("(bss-l − vanilla-uni)")).findFirst().orElseThrow();
        assertTrue(row.contains(",1,"), row);
    }

    @Test
    void onlyTrainsTheNamedVariantsAndTheReportCoversEveryFinishedRun() throws Exception {
        Path dir = tmp.resolve("study-only");
        FakeBackend backend = new FakeBackend();
        SuiteRunner.Outcome out = SuiteRunner.builder().setSuite(Suites.of("study")).setBaseSpec(base(2)).optSeeds(2)
                .setDirectory(dir).setBackend(backend).optOnly(List.of("vanilla", "uni-audio")).build().run();
        assertEquals(4, out.trained(), "2 variants x 2 seeds");
        assertTrue(Files.exists(SuiteRunner.runDir(dir, SuiteVariant.of("uni-audio", "x"), 2).resolve("final.json")));
        assertFalse(Files.exists(SuiteRunner.runDir(dir, SuiteVariant.of("vanilla-uni", "x"), 1)), "not named: left alone");
        // a later call on the same folder without --only trains the rest and skips the four
        SuiteRunner.Outcome rest = SuiteRunner.builder().setSuite(Suites.of("study")).setBaseSpec(base(2)).optSeeds(2)
                .setDirectory(dir).setBackend(backend).build().run();
        assertEquals(4, rest.skipped());
        assertTrue(rest.trained() > 4);
    }

    @Test
    void onlyRejectsAnUnknownVariantBeforeTraining() {
        Path dir = tmp.resolve("study-typo");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SuiteRunner.builder().setSuite(Suites.of("study")).setBaseSpec(base(2)).optSeeds(1).setDirectory(dir)
                        .setBackend(new FakeBackend()).optOnly(List.of("vanilla", "uni-auido")).build().run());
        assertTrue(e.getMessage().contains("uni-auido") && e.getMessage().contains("uni-audio"), e.getMessage());
        assertFalse(Files.exists(SuiteRunner.runDir(dir, Suites.vanilla(), 1)), "nothing trained");
    }

    @Test
    void runClaimedByAnotherProcessIsLeftToIt() throws Exception {
        Path dir = tmp.resolve("pacing");
        FakeBackend backend = new FakeBackend();
        SuiteRunner.Outcome out;
        // the claim held here stands for another worker training vanilla/seed-1
        try (RunClaim other = RunClaim.tryAcquire(dir, Suites.vanilla().name(), 1).orElseThrow()) {
            assertTrue(RunClaim.tryAcquire(dir, Suites.vanilla().name(), 1).isEmpty(), "a claim is exclusive");
            out = SuiteRunner.builder().setSuite(Suites.of("pacing")).setBaseSpec(base(2)).optSeeds(1).setDirectory(dir)
                    .setBackend(backend).build().run();
        }
        assertEquals(1, out.busy());
        assertFalse(Files.exists(SuiteRunner.runDir(dir, Suites.vanilla(), 1).resolve("final.json")));
        int others = out.trained();
        assertTrue(others >= 1);
        // once released, the next invocation trains exactly that run
        SuiteRunner.Outcome next = SuiteRunner.builder().setSuite(Suites.of("pacing")).setBaseSpec(base(2)).optSeeds(1).setDirectory(dir)
                .setBackend(backend).build().run();
        assertEquals(1, next.trained());
        assertEquals(0, next.busy());
        assertEquals(others, next.skipped());
        assertTrue(Files.exists(SuiteRunner.runDir(dir, Suites.vanilla(), 1).resolve("final.json")));
    }

    @Test
    void linearProbeResultsBecomeTableColumns() throws Exception {
        Path dir = tmp.resolve("main-probe");
        RunSpec spec = RunSpecLoader.load(null, List.of("dataset=fake", "epochs=2", "outputs.linear-probe=true"));
        SuiteRunner.builder().setSuite(Suites.of("main")).setBaseSpec(spec).optSeeds(2).setDirectory(dir)
                .setBackend(new FakeBackend()).build().run();
        List<String> lines = Files.readAllLines(dir.resolve("tables/results-best-on-validation.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int audio = header.indexOf("probe audio % (last epoch)");
        assertTrue(audio > 0 && header.contains("probe image % (last epoch)"), header.toString());
        String vanillaRow = lines.stream().filter(l -> l.startsWith("vanilla (")).findFirst().orElseThrow();
        // the fake probe gives 0.9 + 0.01 * seed for audio: seeds 1, 2 -> 91.5 on average
        assertTrue(vanillaRow.split(",")[audio].startsWith("91.50"), vanillaRow);
    }

    @Test
    void mainSuiteHasBothVanillasAndUniOnlyRuns() {
        SuiteContext c = new SuiteContext("main", base(10), 1, List.of("audio", "image"), List.of("vanilla", "ogm-ge"), tmp);
        List<String> names = Suites.of("main").variants(c).stream().map(SuiteVariant::name).toList();
        assertEquals(List.of("vanilla", "vanilla-uni", "uni-audio", "uni-image", "bss-h", "bss-l", "ogm-ge"), names);
        List<String> crit = Suites.of("criteria").variants(c).stream().map(SuiteVariant::name).toList();
        assertEquals(2 + 16, crit.size());
        assertTrue(crit.contains("pred-sim+loss-anti-cl"));
        assertEquals(4, c.scaledTGrow(Suites.T_GROW_FRACTION));
    }

    @Test
    void mainSuiteRunsEveryImbalanceBaseline() {
        List<String> registered = new dev.bss.experiments.engine.EngineBackend().methodIds();
        SuiteContext c = new SuiteContext("main", base(10), 1, List.of("audio", "image"), registered, tmp);
        List<String> names = Suites.of("main").variants(c).stream().map(SuiteVariant::name).toList();
        for (String id : List.of("ogm-ge", "agm", "pmr", "mslr", "mses", "ogr-gb", "domfn", "reconboost", "mmpareto", "smv", "mla")) {
            assertTrue(names.contains(id), id + " in the main suite: " + names);
        }
        // schedules counted in epochs of ~100-epoch runs are scaled to the 10 epochs of base(10)
        java.util.Map<String, List<String>> overrides = new java.util.HashMap<>();
        Suites.of("main").variants(c).forEach(v -> overrides.put(v.name(), v.overrides()));
        assertEquals(List.of("method=ogr-gb", "method-options.super-epoch=1"), overrides.get("ogr-gb"));
        assertEquals(List.of("method=domfn", "method-options.pre-epochs=2"), overrides.get("domfn"));
        assertEquals(List.of("method=reconboost", "method-options.epochs-per-stage=1", "method-options.correct-epochs=1"), overrides.get("reconboost"));
        assertEquals(List.of("method=smv", "method-options.warmup=1"), overrides.get("smv"));
        assertEquals(List.of("method=mla"), overrides.get("mla"));
    }
}
