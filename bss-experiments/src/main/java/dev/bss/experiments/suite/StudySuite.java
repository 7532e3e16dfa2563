package dev.bss.experiments.suite;

import static dev.bss.experiments.suite.MethodOptionKeys.set;

import dev.bss.experiments.report.HtmlReport;
import dev.bss.experiments.report.Table;
import dev.bss.experiments.stats.PairedDifference;
import dev.bss.experiments.stats.Summary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code study}: does BSS help, by how much, and why. One protocol for every row (precise BatchNorm statistics before
 * each evaluation, a step decay of the learning rate ×0.1 at two thirds of the run, the run length from the command
 * line), paired seeds {@code 1..n}:
 *
 * <ul>
 *   <li>verdict rows, every seed: {@code vanilla} (fused loss only, the paper's Concat), {@code vanilla-uni} (fused +
 *       unimodal losses, random order), {@code bss-h} (paper preset), {@code bss-h-anti} (anti-curriculum),
 *       {@code bss-l} (paper preset), {@code bss-l-ref} (reference-code preset) and {@code bss-l-shuffled}, a control
 *       no paper ran: BSS-L whose scores are permuted across samples at every refresh (same non-uniformity, no
 *       per-sample information);</li>
 *   <li>{@code bss-h-shuffled}, on at most {@value #CONTEXT_SEEDS} seeds but trained with the verdict rows: BSS-H
 *       whose ranking is a random permutation, so it keeps the pacing (the growing prefix, the same sample visits)
 *       and loses the measurer's order. It tells whether BSS-H's difference to {@code vanilla-uni} comes from the
 *       pacing or from the ranking;</li>
 *   <li>context rows, at most {@value #CONTEXT_SEEDS} seeds: each modality alone, OGM-GE, AGM, PMR, MSLR, MSES and
 *       {@code bss-l+ogm-ge}; and, on seed 1 only, {@code vanilla-uni} and {@code bss-l} under the paper's evaluation
 *       protocol (running-average BatchNorm), to show what precise BN changes.</li>
 * </ul>
 * The report decomposes the gain (Concat → + unimodal losses → + BSS ordering → against the control), states each
 * paper claim as it falls, and measures the balance score against the recorded corruption (Spearman ρ).
 */
final class StudySuite implements Suite {

    static final int CONTEXT_SEEDS = 3;
    /** Training batches from which BatchNorm statistics are recomputed before each evaluation. */
    static final int PRECISE_BN_BATCHES = 50;
    /** Target half-width of the 95 % CI of Δ(bss-l − vanilla-uni), in accuracy points. */
    static final double TARGET_HALF_WIDTH_PP = 1.5;
    static final List<String> VERDICT = List.of("vanilla", "vanilla-uni", "bss-h", "bss-h-anti", "bss-l", "bss-l-ref", "bss-l-shuffled");
    /** BSS-H's pacing on a random ranking: a control on {@value #CONTEXT_SEEDS} seeds, trained before the context rows. */
    static final String PACING_CONTROL = "bss-h-shuffled";
    static final Set<String> SEED_ONE = Set.of("vanilla-uni-paper-protocol", "bss-l-paper-protocol");
    static final List<String> BASELINES = List.of("ogm-ge", "agm", "pmr", "mslr", "mses", "bss-l+ogm-ge");

    @Override
    public String id() {
        return "study";
    }

    @Override
    public String description() {
        return "does BSS help: vanillas, BSS-H (CL and anti-CL), BSS-L (paper, reference-code, shuffled-score control) on "
                + "paired seeds; BSS-H's pacing on shuffled scores, each modality alone and the baselines on 3 seeds; precise BN, "
                + "step decay at 2/3 of the run";
    }

    /** The schedule every row shares: precise BN and the learning-rate step at two thirds of the run. */
    private static String[] protocol(SuiteContext c, String... overrides) {
        List<String> o = new ArrayList<>(List.of(overrides));
        o.add("optimizer.step-lr.step=" + stepEpoch(c.epochs()));
        o.add("optimizer.step-lr.gamma=0.1");
        if (o.stream().noneMatch(s -> s.startsWith("evaluation.precise-bn-batches="))) {
            o.add("evaluation.precise-bn-batches=" + PRECISE_BN_BATCHES);
        }
        return o.toArray(String[]::new);
    }

    static int stepEpoch(int epochs) {
        return Suites.decayEpoch(epochs);
    }

    @Override
    public List<SuiteVariant> variants(SuiteContext c) {
        String scores = "outputs.per-sample-scores=true";
        List<SuiteVariant> v = new ArrayList<>();
        v.add(SuiteVariant.of("vanilla", "vanilla (fused loss = Concat)", protocol(c, "method=vanilla")));
        v.add(SuiteVariant.of("vanilla-uni", "vanilla-uni (+ unimodal losses)", protocol(c, "method=vanilla-uni")));
        v.add(SuiteVariant.of("bss-h", "BSS-H (paper preset)", protocol(c, "method=bss-h", scores)));
        v.add(SuiteVariant.of("bss-h-anti", "BSS-H anti-CL", protocol(c, "method=bss-h", set(MethodOptionKeys.ORDER, "anti-cl"))));
        v.add(SuiteVariant.of("bss-l", "BSS-L (paper preset)", protocol(c, "method=bss-l", scores)));
        v.add(SuiteVariant.of("bss-l-ref", "BSS-L (reference-code preset)", protocol(c, "method=bss-l", set("preset", "reference-code"))));
        v.add(SuiteVariant.of("bss-l-shuffled", "BSS-L, shuffled scores (control)", protocol(c, "method=bss-l", set("shuffle-scores", true))));
        v.add(SuiteVariant.of(PACING_CONTROL, "BSS-H, shuffled scores (pacing control)", protocol(c, "method=bss-h", set("shuffle-scores", true))));
        for (String m : c.modalities()) {
            v.add(SuiteVariant.of("uni-" + m, m + " alone", protocol(c, "method=vanilla", "model.modalities=[" + m + "]")));
        }
        for (String b : BASELINES) {
            boolean available = List.of(b.split("\\+")).stream().allMatch(c.methods()::contains);
            if (available) {
                v.add(SuiteVariant.of(b, b, protocol(c, "method=" + b)));
            }
        }
        v.add(SuiteVariant.of("vanilla-uni-paper-protocol", "vanilla-uni, running-average BN (paper protocol)",
                protocol(c, "method=vanilla-uni", "evaluation.precise-bn-batches=0")));
        v.add(SuiteVariant.of("bss-l-paper-protocol", "BSS-L, running-average BN (paper protocol)",
                protocol(c, "method=bss-l", "evaluation.precise-bn-batches=0")));
        return v;
    }

    @Override
    public int seedsFor(SuiteVariant variant, int seeds) {
        if (VERDICT.contains(variant.name())) {
            return seeds;
        }
        return SEED_ONE.contains(variant.name()) ? Math.min(1, seeds) : Math.min(CONTEXT_SEEDS, seeds);
    }

    @Override
    public int priority(SuiteVariant variant) {
        return VERDICT.contains(variant.name()) || variant.name().equals(PACING_CONTROL) ? 0 : 1;
    }

    @Override
    public void report(SuiteContext c, SuiteResults r, HtmlReport report) throws IOException {
        report.paragraph(String.format(Locale.ROOT, "Protocol: %d epochs, learning rate ×0.1 after epoch %d, BatchNorm statistics "
                + "recomputed from %d training batches before every evaluation (a measurement aid the paper's protocol lacks; "
                + "the two *-paper-protocol rows show seed 1 without it). Verdict rows on seeds 1..%d, context rows on at most %d.",
                c.epochs(), stepEpoch(c.epochs()), PRECISE_BN_BATCHES, c.seeds(), CONTEXT_SEEDS));
        decomposition(c, r, report);
        gapByEpoch(c, r, report);
        Suites.standardSections(c, r, report, "Study");
        MeasurerValiditySuite.section(c, r, report, List.of("bss-h", "bss-l"));
        Suites.perHeadSections(c, r, report, r.variants().stream().filter(v -> VERDICT.contains(v.name())).toList());
    }

    /** One paired comparison: {@code a − b} in accuracy points with its interval and what it allows one to say. */
    private record Comparison(String question, String a, String b) {
    }

    private static final List<Comparison> STEPS = List.of(
            new Comparison("+ unimodal losses (vanilla-uni − vanilla)", "vanilla-uni", "vanilla"),
            new Comparison("+ BSS-L ordering (bss-l − vanilla-uni)", "bss-l", "vanilla-uni"),
            new Comparison("+ BSS-H ordering (bss-h − vanilla-uni)", "bss-h", "vanilla-uni"),
            new Comparison("BSS-L reference-code preset − vanilla-uni", "bss-l-ref", "vanilla-uni"),
            new Comparison("measurer information (bss-l − shuffled-score control)", "bss-l", "bss-l-shuffled"),
            new Comparison("non-uniform sampling alone (control − vanilla-uni)", "bss-l-shuffled", "vanilla-uni"),
            new Comparison("pacing alone (bss-h-shuffled − vanilla-uni)", PACING_CONTROL, "vanilla-uni"),
            new Comparison("BSS-H ranking information (bss-h − bss-h-shuffled)", "bss-h", PACING_CONTROL),
            new Comparison("paper claim BSS-L > BSS-H (bss-l − bss-h)", "bss-l", "bss-h"),
            new Comparison("paper claim BSS-H > Concat (bss-h − vanilla)", "bss-h", "vanilla"),
            new Comparison("paper claim BSS-L > Concat (bss-l − vanilla)", "bss-l", "vanilla"),
            new Comparison("paper claim CL > anti-CL (bss-h − bss-h-anti)", "bss-h", "bss-h-anti"));

    private static void decomposition(SuiteContext c, SuiteResults r, HtmlReport report) throws IOException {
        SuiteResults.Selection sel = r.hasValidation() ? SuiteResults.Selection.BEST_ON_VALIDATION : SuiteResults.Selection.LAST_EPOCH;
        report.heading("Decomposition and the paper's claims");
        report.paragraph("Paired differences of test accuracy (" + sel.label() + ") over the seeds both rows finished, with "
                + "the 95 % t-interval. 'No evidence either way' when the interval contains 0.");
        Table t = new Table("Where the accuracy comes from (test ACC, " + sel.label() + ", paired by seed)",
                List.of("comparison", "Δ ACC pp (95% CI)", "half-width pp", "seeds", "verdict", "per seed Δ pp"));
        if (r.has("vanilla")) {
            t.addRow(List.of("Concat (vanilla) ACC %", r.summary("vanilla", sel, "acc").format(100, 2), "–",
                    Integer.toString(r.summary("vanilla", sel, "acc").n()), "baseline", "–"));
        }
        for (Comparison cmp : STEPS) {
            if (!r.has(cmp.a()) || !r.has(cmp.b())) {
                continue;
            }
            Summary d = r.difference(cmp.a(), cmp.b(), sel, "acc");
            t.addRow(List.of(cmp.question(), SuiteResults.formatDelta(d),
                    d.n() < 2 ? "–" : String.format(Locale.ROOT, "%.2f", 100 * d.halfWidth()), Integer.toString(d.n()), verdict(d),
                    perSeed(r.values(cmp.a(), sel, "acc"), r.values(cmp.b(), sel, "acc"))));
        }
        t.writeAll(c.dir().resolve("tables"), "decomposition");
        report.table(t);
        if (r.has("bss-l") && r.has("vanilla-uni")) {
            Summary d = r.difference("bss-l", "vanilla-uni", sel, "acc");
            report.paragraph(String.format(Locale.ROOT, "Precision target: the 95 %% CI half-width of Δ(bss-l − vanilla-uni) is %s pp "
                    + "over %d seeds (target ≤ %.1f pp: %s).", d.n() < 2 ? "–" : String.format(Locale.ROOT, "%.2f", 100 * d.halfWidth()),
                    d.n(), TARGET_HALF_WIDTH_PP, d.n() >= 2 && 100 * d.halfWidth() <= TARGET_HALF_WIDTH_PP ? "met" : "not met"));
        }
    }

    /** The rows whose learning curve is set against {@code vanilla-uni}'s, epoch by epoch. */
    static final List<String> GAP_ROWS = List.of("vanilla", "bss-h", "bss-h-anti", PACING_CONTROL, "bss-l", "bss-l-ref",
            "bss-l-shuffled");

    /**
     * Where a difference opens and whether it closes: for each row of {@link #GAP_ROWS}, the paired gap in validation
     * accuracy to {@code vanilla-uni} at a few epochs, and the row's sample visits over the run against
     * {@code vanilla-uni}'s. BSS-H and anti-CL train on a growing prefix, so in the same epochs they see fewer samples;
     * a gap that opens early and never closes, the same for both directions of the ranking, points at the pacing, not
     * the order.
     */
    private static void gapByEpoch(SuiteContext c, SuiteResults r, HtmlReport report) throws IOException {
        if (!r.has("vanilla-uni")) {
            return;
        }
        String split = r.hasValidation() ? "val" : "test";
        List<Integer> epochs = shownEpochs(c.epochs());
        List<String> header = new ArrayList<>(List.of("row − vanilla-uni", "sample visits, % of vanilla-uni's"));
        epochs.forEach(e -> header.add("epoch " + e));
        header.add("seeds");
        Table t = new Table("Gap to vanilla-uni in " + split + " ACC (pp) by epoch, mean over paired seeds", header);
        double[] baseVisits = r.total("vanilla-uni", split, "train_samples");
        List<double[]> base = epochs.stream().map(e -> r.atEpoch("vanilla-uni", split, "acc", e)).toList();
        for (String row : GAP_ROWS) {
            if (!r.has(row)) {
                continue;
            }
            List<String> cells = new ArrayList<>(List.of(row, visits(r.total(row, split, "train_samples"), baseVisits)));
            int seeds = 0;
            for (int i = 0; i < epochs.size(); i++) {
                Summary d = PairedDifference.of(r.atEpoch(row, split, "acc", epochs.get(i)), base.get(i));
                cells.add(gap(d));
                seeds = Math.max(seeds, d.n());
            }
            cells.add(Integer.toString(seeds));
            t.addRow(cells);
        }
        report.heading("Where the gaps open: learning curves against vanilla-uni");
        report.paragraph("Paired difference of " + split + " accuracy to vanilla-uni at each shown epoch (same seed, mean over "
                + "the seeds both rows finished), and the row's training-sample visits over the whole run as a share of "
                + "vanilla-uni's. BSS-H and its anti-CL train on a growing prefix of the ranking, so they see fewer samples "
                + "in the same number of epochs. A gap that opens while the prefix grows and never closes, alike for both "
                + "directions of the ranking, comes from the pacing rather than from the order.");
        t.writeAll(c.dir().resolve("tables"), "gap-by-epoch");
        report.table(t);
    }

    /** Epochs shown in the gap table: 1, 2, 5, then every 5th from 10, and the last. */
    static List<Integer> shownEpochs(int epochs) {
        TreeSet<Integer> out = new TreeSet<>(List.of(1, 2, 5));
        for (int e = 10; e < epochs; e += 5) {
            out.add(e);
        }
        out.add(epochs);
        out.removeIf(e -> e > epochs || e < 1);
        return List.copyOf(out);
    }

    /** Mean paired difference {@code a − b} in points ({@code "+1.2"}), {@code "–"} when no seed has both. */
    static String gap(double[] a, double[] b) {
        return gap(PairedDifference.of(a, b));
    }

    private static String gap(Summary d) {
        return d.n() == 0 ? "–" : String.format(Locale.ROOT, "%+.1f", 100 * d.mean());
    }

    /** Mean over the seeds with both of {@code a[k] / b[k]}, as a percentage ({@code "88.3 %"}); "–" when none. */
    static String visits(double[] a, double[] b) {
        double sum = 0;
        int n = 0;
        for (int k = 0; k < Math.min(a.length, b.length); k++) {
            if (!Double.isNaN(a[k]) && !Double.isNaN(b[k]) && b[k] > 0) {
                sum += a[k] / b[k];
                n++;
            }
        }
        return n == 0 ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * sum / n);
    }

    /**
     * The paired differences behind a row, seed by seed, in percentage points: {@code "s1 -2.10; s3 +1.00"} for
     * {@code a[k] − b[k]} (index {@code k} is seed {@code k + 1}) where both runs finished, so a reader sees whether a
     * mean comes from every seed or from one. {@code "–"} when no seed has both.
     */
    static String perSeed(double[] a, double[] b) {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < Math.min(a.length, b.length); k++) {
            if (Double.isNaN(a[k]) || Double.isNaN(b[k])) {
                continue;
            }
            out.append(out.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT, "s%d %+.2f", k + 1, 100 * (a[k] - b[k])));
        }
        return out.length() == 0 ? "–" : out.toString();
    }

    /** Fewest paired seeds from which a row of the decomposition gets a verdict. */
    static final int MIN_SEEDS_FOR_VERDICT = 3;

    /**
     * "higher" / "lower" when the interval excludes 0, else "no evidence either way". No verdict from fewer than
     * {@link #MIN_SEEDS_FOR_VERDICT} seeds ("one seed only", "2 seeds: too few for a verdict"), nor from differences
     * that are all equal ("no spread over n seeds: no interval"): accuracy on a test set of a few hundred samples moves
     * in steps, so two seeds can tie, and the t-interval of a zero standard deviation has zero width.
     */
    static String verdict(Summary d) {
        if (d.n() < 2) {
            return d.n() == 0 ? "–" : "one seed only";
        }
        if (d.n() < MIN_SEEDS_FOR_VERDICT) {
            return d.n() + " seeds: too few for a verdict";
        }
        if (d.std() <= 1e-12) { // equal up to rounding
            return "no spread over " + d.n() + " seeds: no interval";
        }
        if (!d.excludesZero()) {
            return "no evidence either way";
        }
        return d.mean() > 0 ? "higher" : "lower";
    }
}
