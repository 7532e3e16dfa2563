package dev.bss.experiments.suite;

import static dev.bss.experiments.suite.MethodOptionKeys.set;

import dev.bss.core.measure.Criterion;
import dev.bss.core.pacing.PacingFunction;
import dev.bss.core.pacing.PacingFunctions;
import dev.bss.experiments.report.HtmlReport;
import dev.bss.experiments.spec.DerivedOptions;
import dev.bss.experiments.report.Plots;
import dev.bss.experiments.report.Table;
import dev.bss.experiments.stats.Summary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in suites: {@code main}, {@code criteria}, {@code pacing}, {@code sensitivity},
 * {@code case-study}, {@code measurer-validity} and {@code pacing-curves}. Every training suite runs
 * both vanillas ({@code vanilla} = fused loss only, {@code vanilla-uni} = fused + unimodal losses) and
 * reports differences to them paired by seed.
 */
public final class Suites {

    /** Fraction of the run length at which BSS-H pacing reaches 1; BSS-H variants leave t-grow to {@link DerivedOptions}. */
    public static final double T_GROW_FRACTION = DerivedOptions.T_GROW_FRACTION;

    private static final Map<String, Suite> ALL = new LinkedHashMap<>();

    static {
        register(new MainSuite());
        register(new CriteriaSuite());
        register(new PacingSuite());
        register(new SensitivitySuite());
        register(new CaseStudySuite());
        register(new MeasurerValiditySuite());
        register(new PacingCurvesSuite());
        register(new StudySuite());
    }

    private Suites() {
    }

    private static void register(Suite s) {
        ALL.put(s.id(), s);
    }

    /** Suite ids in documentation order. */
    public static List<String> ids() {
        return List.copyOf(ALL.keySet());
    }

    /**
     * The suite with this id.
     *
     * @throws IllegalArgumentException naming the allowed ids
     */
    public static Suite of(String id) {
        Suite s = ALL.get(id);
        if (s == null) {
            throw new IllegalArgumentException("unknown suite '" + id + "'; allowed: " + String.join(", ", ALL.keySet()));
        }
        return s;
    }

    /**
     * The demo: vanilla, vanilla-uni, BSS-H and BSS-L with the standard tables, learning curves and per-head
     * plots. Not listed in {@link #ids()} ({@code bss demo} runs it).
     */
    public static Suite demo() {
        return new Suite() {
            @Override
            public String id() {
                return "demo";
            }

            @Override
            public String description() {
                return "demo: vanilla (fused loss), vanilla-uni (fused + unimodal losses), BSS-H and BSS-L on a short schedule";
            }

            @Override
            public List<SuiteVariant> variants(SuiteContext c) {
                return List.of(vanilla(), vanillaUni(), SuiteVariant.of("bss-h", "BSS-H (heuristic)", "method=bss-h"),
                        SuiteVariant.of("bss-l", "BSS-L (learning-based)", "method=bss-l"));
            }

            @Override
            public void report(SuiteContext c, SuiteResults r, HtmlReport report) throws IOException {
                report.paragraph("A short schedule for a quick look, one seed: differences of a point or two are within seed "
                        + "noise. Use bss experiment main with several seeds and longer runs for conclusions.");
                standardSections(c, r, report, "Demo");
                perHeadSections(c, r, report, r.variants());
            }
        };
    }

    /**
     * {@code max(1, round(2/3 · epochs))}: the study's and the demo's learning-rate step ({@code optimizer.step-lr.step};
     * ×0.1 from the epoch after it), chosen from the learning curve of vanilla-uni on AV-digits (docs/results.md).
     */
    public static int decayEpoch(int epochs) {
        return (int) Math.max(1, Math.round(2.0 * epochs / 3.0));
    }

    static SuiteVariant vanilla() {
        return SuiteVariant.of("vanilla", "vanilla (fused loss)", "method=vanilla");
    }

    static SuiteVariant vanillaUni() {
        return SuiteVariant.of("vanilla-uni", "vanilla-uni (fused + unimodal losses)", "method=vanilla-uni");
    }

    static List<String> baselines() {
        return List.of("vanilla", "vanilla-uni");
    }

    /** Adds the standard results tables (both selections) and learning curves to the report. */
    static void standardSections(SuiteContext c, SuiteResults r, HtmlReport report, String title) throws IOException {
        Path tables = c.dir().resolve("tables");
        Path plots = c.dir().resolve("plots");
        if (!r.hasValidation()) {
            noValidationSections(r, report, title, tables);
            learningCurves(r, report, plots, "test");
            return;
        }
        Table primary = r.resultsTable(title, SuiteResults.Selection.BEST_ON_VALIDATION, baselines(), r.variants());
        primary.writeAll(tables, "results-best-on-validation");
        Table onTest = r.resultsTable(title, SuiteResults.Selection.BEST_ON_TEST, baselines(), r.variants());
        onTest.writeAll(tables, "results-best-on-test");
        report.heading("Results");
        report.paragraph("Primary numbers: the epoch with the best validation accuracy of each run. Δ columns are "
                + "paired differences to the baselines over the same seeds with their 95 % t-interval; an interval "
                + "that contains 0 is no evidence of a difference.");
        report.table(primary);
        report.paragraph("For comparison with the reference code, which reported the best test-set epoch:");
        report.table(onTest);
        learningCurves(r, report, plots, "val");
    }

    private static void learningCurves(SuiteResults r, HtmlReport report, Path plots, String split) throws IOException {
        report.heading("Learning curves (mean over seeds)");
        String name = split.equals("val") ? "Validation" : "Test";
        report.image(r.plotCurves(plots.resolve("curve-" + split + "-acc.png"), name + " accuracy", split, "acc", "accuracy", r.variants()),
                name.toLowerCase(java.util.Locale.ROOT) + " accuracy of the test prediction per epoch");
        report.image(r.plotCurves(plots.resolve("curve-train-loss.png"), "Training loss", split, "train_loss", "loss", r.variants()),
                "mean training loss per epoch");
    }

    /** Results without a validation split ({@code validation-fraction: 0}): best-on-test and last epoch, said so. */
    private static void noValidationSections(SuiteResults r, HtmlReport report, String title, Path tables) throws IOException {
        Table last = r.resultsTable(title, SuiteResults.Selection.LAST_EPOCH, baselines(), r.variants());
        last.writeAll(tables, "results-last-epoch");
        Table onTest = r.resultsTable(title, SuiteResults.Selection.BEST_ON_TEST, baselines(), r.variants());
        onTest.writeAll(tables, "results-best-on-test");
        report.heading("Results");
        report.paragraph("These runs have no validation split (validation-fraction: 0, as the official CREMA-D code), so no "
                + "epoch could be chosen without looking at the test set. The last epoch is the honest number; the best "
                + "test epoch, which the reference code printed, is optimistic. Δ columns are paired differences over "
                + "the same seeds with their 95 % t-interval.");
        report.table(last);
        report.table(onTest);
    }

    /** Per-head curves (fused and each modality's head) for each listed variant. */
    static void perHeadSections(SuiteContext c, SuiteResults r, HtmlReport report, List<SuiteVariant> which) throws IOException {
        Path plots = c.dir().resolve("plots");
        report.heading("Per-head accuracy over epochs (test set, mean over seeds)");
        for (SuiteVariant v : which) {
            if (!r.has(v.name())) {
                continue;
            }
            List<Plots.Series> series = new ArrayList<>();
            double[][] fused = r.meanCurve(v.name(), "test", "acc");
            series.add(new Plots.Series("prediction", fused[0], fused[1]));
            for (String m : r.modalities()) {
                double[][] h = r.meanCurve(v.name(), "test", "acc_" + m);
                series.add(new Plots.Series(m + " head", h[0], h[1]));
            }
            report.image(Plots.lines(plots.resolve("heads-" + v.name() + ".png"), v.label() + ": accuracy per head", "epoch",
                    "test accuracy", series), v.label() + ": test accuracy of the prediction and of each unimodal head");
        }
        for (String m : r.modalities()) {
            report.image(r.plotCurves(plots.resolve("modality-" + m + ".png"), m + " head accuracy by method", "test",
                    "acc_" + m, "test accuracy", which), "test accuracy of the " + m + " head, per method");
        }
        report.image(r.plotCurves(plots.resolve("imbalance-ratio.png"), "Imbalance ratio (strong/weak head ACC)", "test",
                "imbalance_ratio", "ratio", which), "strong head ACC / weak head ACC per epoch");
    }

    // ------------------------------------------------------------------------------------------ suites

    static final class MainSuite implements Suite {
        @Override
        public String id() {
            return "main";
        }

        @Override
        public String description() {
            return "vanilla, vanilla-uni, each modality alone, bss-h, bss-l and every other registered method (schedules of"
                    + " ogr-gb, domfn, reconboost and smv scaled to the run length)";
        }

        @Override
        public List<SuiteVariant> variants(SuiteContext c) {
            List<SuiteVariant> v = new ArrayList<>(List.of(vanilla(), vanillaUni()));
            for (String m : c.modalities()) {
                v.add(SuiteVariant.of("uni-" + m, m + " alone", "method=vanilla", "model.modalities=[" + m + "]"));
            }
            v.add(SuiteVariant.of("bss-h", "BSS-H (heuristic)", "method=bss-h"));
            v.add(SuiteVariant.of("bss-l", "BSS-L (learning-based)", "method=bss-l"));
            for (String id : c.methods()) {
                if (v.stream().noneMatch(x -> x.name().equals(id))) {
                    List<String> overrides = new ArrayList<>(List.of("method=" + id));
                    overrides.addAll(scheduleOptions(c, id));
                    v.add(SuiteVariant.of(id, id, overrides.toArray(String[]::new)));
                }
            }
            return v;
        }

        /**
         * Options of the baselines whose official schedule counts epochs of a run of about 100 (60 for SMV), scaled to
         * the suite's run length the way BSS-H's T_grow is: Gradient-Blending's super-epoch (BalanceBenchmark 10),
         * DOMFN's pre-training (15), ReconBoost's phase lengths (4 + 4), SMV's warm-up (5 of 60). Other methods keep
         * their defaults.
         */
        static List<String> scheduleOptions(SuiteContext c, String id) {
            return switch (id) {
                case "ogr-gb" -> List.of(set("super-epoch", c.scaledTGrow(0.10)));
                case "domfn" -> List.of(set("pre-epochs", c.scaledTGrow(0.15)));
                case "reconboost" -> List.of(set("epochs-per-stage", c.scaledTGrow(0.04)), set("correct-epochs", c.scaledTGrow(0.04)));
                case "smv" -> List.of(set("warmup", c.scaledTGrow(5.0 / 60)));
                default -> List.of();
            };
        }

        @Override
        public void report(SuiteContext c, SuiteResults r, HtmlReport report) throws IOException {
            standardSections(c, r, report, "Main comparison");
            perHeadSections(c, r, report, r.variants());
        }
    }

    static final class CriteriaSuite implements Suite {
        @Override
        public String id() {
            return "criteria";
        }

        @Override
        public String description() {
            return "vanillas + BSS-H with each of the 8 balance criteria, curriculum (CL) and anti-curriculum order";
        }

        @Override
        public List<SuiteVariant> variants(SuiteContext c) {
            List<SuiteVariant> v = new ArrayList<>(List.of(vanilla(), vanillaUni()));
            for (Criterion cr : Criterion.values()) {
                for (String order : List.of("cl", "anti-cl")) {
                    v.add(SuiteVariant.of(cr.id() + "-" + order, cr.id() + " (" + order.toUpperCase(Locale.ROOT) + ")", "method=bss-h",
                            set(MethodOptionKeys.CRITERION, cr.id()), set(MethodOptionKeys.ORDER, order)));
                }
            }
            return v;
        }

        @Override
        public void report(SuiteContext c, SuiteResults r, HtmlReport report) throws IOException {
            SuiteResults.Selection sel = SuiteResults.Selection.BEST_ON_VALIDATION;
            List<String> header = List.of("criterion", "CL ACC %", "Δ CL vs vanilla-uni pp", "anti-CL ACC %", "Δ anti-CL vs vanilla-uni pp");
            Table t = new Table("Criteria, BSS-H root pacing (test ACC, best on validation; appendix Table 2 layout)", header);
            for (Criterion cr : Criterion.values()) {
                String cl = cr.id() + "-cl";
                String anti = cr.id() + "-anti-cl";
                t.addRow(List.of(cr.id(), r.summary(cl, sel, "acc").format(100, 2), delta(r, cl, "vanilla-uni", sel),
                        r.summary(anti, sel, "acc").format(100, 2), delta(r, anti, "vanilla-uni", sel)));
            }
            t.writeAll(c.dir().resolve("tables"), "criteria");
            report.heading("Criteria: curriculum vs anti-curriculum");
            report.table(t);
            standardSections(c, r, report, "All criteria runs");
        }
    }

    static String delta(SuiteResults r, String variant, String baseline, SuiteResults.Selection sel) {
        return SuiteResults.formatDelta(r.difference(variant, baseline, sel, "acc"));
    }

    static final class PacingSuite implements Suite {
        @Override
        public String id() {
            return "pacing";
        }

        @Override
        public String description() {
            return "vanillas + BSS-H (pred-sim measurer) with baby-step, linear, root, root-3, root-5 and geometric pacing";
        }

        @Override
        public List<SuiteVariant> variants(SuiteContext c) {
            List<SuiteVariant> v = new ArrayList<>(List.of(vanilla(), vanillaUni()));
            for (String p : PacingFunctions.IDS) {
                v.add(SuiteVariant.of("pacing-" + p, p, "method=bss-h", set(MethodOptionKeys.PACING, p),
                        set(MethodOptionKeys.CRITERION, "pred-sim")));
            }
            return v;
        }

        @Override
        public void report(SuiteContext c, SuiteResults r, HtmlReport report) throws IOException {
            standardSections(c, r, report, "Pacing functions");
            report.heading("Pacing curves used");
            int tGrow = DerivedOptions.scaledTGrow(c.epochs());
            report.image(PacingCurvesSuite.plot(c.dir().resolve("plots").resolve("pacing-curves.png"), 0.1, tGrow,
                    Math.max(c.epochs(), tGrow + 1)), "λ(t) with λ0 = 0.1, T_grow = " + tGrow);
            report.image(r.plotCurves(c.dir().resolve("plots").resolve("train-samples.png"), "Training samples per epoch", "val",
                    "train_samples", "samples", r.variants()), "samples trained on per epoch (the pacing in action)");
        }
    }

    static final class SensitivitySuite implements Suite {
        static final double[] LAMBDA0 = {0.1, 0.2, 0.3, 0.4};
        static final double[] T_GROW_FRACTIONS = {0.3, 0.4, 0.5, 0.6};
        static final double[] BETA = {0.1, 0.2, 0.4, 0.6, 0.8, 1.0};
        static final int[] UPDATE_EVERY = {1, 2, 4};

        @Override
        public String id() {
            return "sensitivity";
        }

        @Override
        public String description() {
            return "vanillas + BSS-H over λ0 × T_grow (scaled to the run length) and BSS-L over β × E";
        }

        static List<Integer> tGrows(SuiteContext c) {
            List<Integer> out = new ArrayList<>();
            for (double f : T_GROW_FRACTIONS) {
                int t = c.scaledTGrow(f);
                if (!out.contains(t)) {
                    out.add(t);
                }
            }
            return out;
        }

        static List<Integer> updateEvery(SuiteContext c) {
            List<Integer> out = new ArrayList<>();
            for (int e : UPDATE_EVERY) {
                if (e <= c.epochs() && !out.contains(e)) {
                    out.add(e);
                }
            }
            return out;
        }

        static String fmt(double d) {
            return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }

        @Override
        public List<SuiteVariant> variants(SuiteContext c) {
            List<SuiteVariant> v = new ArrayList<>(List.of(vanilla(), vanillaUni()));
            for (double l : LAMBDA0) {
                for (int t : tGrows(c)) {
                    v.add(SuiteVariant.of("bss-h-l" + fmt(l) + "-t" + t, "BSS-H λ0=" + fmt(l) + " T_grow=" + t, "method=bss-h",
                            set(MethodOptionKeys.LAMBDA0, l), set(MethodOptionKeys.T_GROW, t)));
                }
            }
            for (double b : BETA) {
                for (int e : updateEvery(c)) {
                    v.add(SuiteVariant.of("bss-l-b" + fmt(b) + "-e" + e, "BSS-L β=" + fmt(b) + " E=" + e, "method=bss-l",
                            set(MethodOptionKeys.BETA, b), set(MethodOptionKeys.UPDATE_EVERY, e)));
                }
            }
            return v;
        }

        @Override
        public void report(SuiteContext c, SuiteResults r, HtmlReport report) throws IOException {
            SuiteResults.Selection sel = SuiteResults.Selection.BEST_ON_VALIDATION;
            Path plots = c.dir().resolve("plots");
            List<Integer> tg = tGrows(c);
            double[][] h = new double[LAMBDA0.length][tg.size()];
            Table th = new Table("BSS-H test ACC % (best on validation): rows λ0, columns T_grow", header("λ0 \\ T_grow", tg));
            for (int i = 0; i < LAMBDA0.length; i++) {
                List<String> row = new ArrayList<>(List.of(fmt(LAMBDA0[i])));
                for (int j = 0; j < tg.size(); j++) {
                    Summary s = r.summary("bss-h-l" + fmt(LAMBDA0[i]) + "-t" + tg.get(j), sel, "acc");
                    h[i][j] = s.mean() * 100;
                    row.add(s.format(100, 2));
                }
                th.addRow(row);
            }
            List<Integer> ue = updateEvery(c);
            double[][] l = new double[BETA.length][ue.size()];
            Table tl = new Table("BSS-L test ACC % (best on validation): rows β, columns E", header("β \\ E", ue));
            for (int i = 0; i < BETA.length; i++) {
                List<String> row = new ArrayList<>(List.of(fmt(BETA[i])));
                for (int j = 0; j < ue.size(); j++) {
                    Summary s = r.summary("bss-l-b" + fmt(BETA[i]) + "-e" + ue.get(j), sel, "acc");
                    l[i][j] = s.mean() * 100;
                    row.add(s.format(100, 2));
                }
                tl.addRow(row);
            }
            th.writeAll(c.dir().resolve("tables"), "sensitivity-bss-h");
            tl.writeAll(c.dir().resolve("tables"), "sensitivity-bss-l");
            report.heading("Sensitivity");
            report.paragraph("Vanilla: " + r.summary("vanilla", sel, "acc").format(100, 2) + " %, vanilla-uni: "
                    + r.summary("vanilla-uni", sel, "acc").format(100, 2) + " % (test ACC, mean ± std over seeds).");
            report.table(th);
            report.image(Plots.heatMap(plots.resolve("heatmap-bss-h.png"), "BSS-H test ACC % (mean over seeds)", "T_grow", "λ0",
                    tg.stream().map(String::valueOf).toList(), java.util.Arrays.stream(LAMBDA0).mapToObj(Suites.SensitivitySuite::fmt).toList(), h),
                    "BSS-H sensitivity to λ0 and T_grow");
            report.table(tl);
            report.image(Plots.heatMap(plots.resolve("heatmap-bss-l.png"), "BSS-L test ACC % (mean over seeds)", "E", "β",
                    ue.stream().map(String::valueOf).toList(), java.util.Arrays.stream(BETA).mapToObj(Suites.SensitivitySuite::fmt).toList(), l),
                    "BSS-L sensitivity to β and E");
            standardSections(c, r, report, "All sensitivity runs");
        }

        private static List<String> header(String corner, List<Integer> cols) {
            List<String> hdr = new ArrayList<>(List.of(corner));
            cols.forEach(x -> hdr.add(String.valueOf(x)));
            return hdr;
        }
    }

    static final class PacingCurvesSuite implements Suite {
        @Override
        public String id() {
            return "pacing-curves";
        }

        @Override
        public String description() {
            return "curves of every pacing function (λ0 0.1, T_grow 40); needs no training";
        }

        @Override
        public boolean needsTraining() {
            return false;
        }

        @Override
        public List<SuiteVariant> variants(SuiteContext c) {
            return List.of();
        }

        static Path plot(Path file, double lambda0, int tGrow, int epochs) throws IOException {
            List<Plots.Series> series = new ArrayList<>();
            for (String id : PacingFunctions.IDS) {
                PacingFunction f = PacingFunctions.of(id, lambda0, tGrow, PacingFunctions.DEFAULT_BINS);
                double[] x = new double[epochs];
                double[] y = new double[epochs];
                for (int t = 1; t <= epochs; t++) {
                    x[t - 1] = t;
                    y[t - 1] = f.fraction(t);
                }
                series.add(new Plots.Series(id, x, y));
            }
            return Plots.lines(file, "Pacing functions (λ0 = " + lambda0 + ", T_grow = " + tGrow + ")", "epoch t", "data fraction λ(t)", series);
        }

        @Override
        public void report(SuiteContext c, SuiteResults r, HtmlReport report) throws IOException {
            int tGrow = 40;
            int[] at = {1, 2, 5, 10, 20, 30, 39, 40, 50};
            List<String> hdr = new ArrayList<>(List.of("pacing"));
            for (int t : at) {
                hdr.add("t=" + t);
            }
            Table t = new Table("λ(t), λ0 = 0.1, T_grow = 40", hdr);
            for (String id : PacingFunctions.IDS) {
                PacingFunction f = PacingFunctions.of(id, 0.1, tGrow, PacingFunctions.DEFAULT_BINS);
                List<String> row = new ArrayList<>(List.of(id));
                for (int e : at) {
                    row.add(String.format(Locale.ROOT, "%.4f", f.fraction(e)));
                }
                t.addRow(row);
            }
            t.writeAll(c.dir().resolve("tables"), "pacing-values");
            report.heading("Pacing functions");
            report.paragraph("root is the paper's E4 (and the reference code); the other forms follow the curriculum-learning "
                    + "literature (the paper does not print them); baby-step uses " + PacingFunctions.DEFAULT_BINS + " bins.");
            report.table(t);
            report.image(plot(c.dir().resolve("plots").resolve("pacing-curves.png"), 0.1, tGrow, 60), "λ(t) for every pacing function");
        }
    }
}
