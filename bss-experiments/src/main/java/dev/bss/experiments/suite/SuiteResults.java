package dev.bss.experiments.suite;

import dev.bss.experiments.report.Plots;
import dev.bss.experiments.report.Table;
import dev.bss.experiments.run.EpochRecord;
import dev.bss.experiments.run.FinalSummary;
import dev.bss.experiments.run.RunDirectory;
import dev.bss.experiments.stats.PairedDifference;
import dev.bss.experiments.stats.Summary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The finished runs of a suite, by variant and seed, with the aggregations every report uses:
 * per-variant {@link Summary} of a metric over seeds, paired differences to a baseline variant,
 * results tables and mean learning curves.
 */
public final class SuiteResults {

    /** Which epoch of a run is reported. */
    public enum Selection {
        /** The epoch with the best validation ACC (primary). */
        BEST_ON_VALIDATION("best on validation"),
        /** The epoch with the best test ACC (what the reference code printed). */
        BEST_ON_TEST("best on test"),
        /** The last epoch (with {@code validation-fraction: 0} the only selection that does not look at the test set). */
        LAST_EPOCH("last epoch");

        private final String label;

        Selection(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final List<SuiteVariant> variants;
    private final Map<String, List<RunDirectory.Finished>> runs;
    private final int seeds;

    public SuiteResults(List<SuiteVariant> variants, Map<String, List<RunDirectory.Finished>> runs, int seeds) {
        this.variants = List.copyOf(variants);
        this.runs = new LinkedHashMap<>(runs);
        this.seeds = seeds;
    }

    public List<SuiteVariant> variants() {
        return variants;
    }

    public int seeds() {
        return seeds;
    }

    /** The finished runs of a variant (any order). */
    public List<RunDirectory.Finished> runs(String variant) {
        return runs.getOrDefault(variant, List.of());
    }

    public boolean has(String variant) {
        return !runs(variant).isEmpty();
    }

    /** The union of the modalities of all runs, in first-seen order. */
    public List<String> modalities() {
        List<String> out = new ArrayList<>();
        runs.values().forEach(l -> l.forEach(f -> f.summary().modalities().forEach(m -> {
            if (!out.contains(m)) {
                out.add(m);
            }
        })));
        return out;
    }

    /**
     * The test metric of each seed {@code 1..seeds} (NaN where the run is missing), under the selection.
     */
    public double[] values(String variant, Selection selection, String metric) {
        return perSeed(variant, s -> {
            FinalSummary.Selection sel = switch (selection) {
                case BEST_ON_VALIDATION -> s.bestOnValidation();
                case BEST_ON_TEST -> s.bestOnTest();
                case LAST_EPOCH -> s.last();
            };
            return sel == null ? Double.NaN : sel.get("test", metric);
        });
    }

    /** {@code value} of each seed's run at index {@code seed − 1}; NaN where the run is missing or the value null. */
    private double[] perSeed(String variant, java.util.function.Function<FinalSummary, Double> value) {
        return perSeedRun(variant, f -> value.apply(f.summary()));
    }

    private double[] perSeedRun(String variant, java.util.function.Function<RunDirectory.Finished, Double> value) {
        double[] out = new double[seeds];
        java.util.Arrays.fill(out, Double.NaN);
        for (RunDirectory.Finished f : runs(variant)) {
            int k = (int) f.summary().seed() - 1;
            Double v = k >= 0 && k < seeds ? value.apply(f) : null;
            if (v != null) {
                out[k] = v;
            }
        }
        return out;
    }

    /**
     * A per-epoch metric of each seed's run at one epoch ({@code [seed − 1]}): {@code train_loss}, {@code train_samples}
     * or a split's metric. NaN where the run, that epoch or the value is missing.
     */
    public double[] atEpoch(String variant, String split, String metric, int epoch) {
        return perSeedRun(variant, f -> f.metrics().rows().stream().filter(r -> r.epoch() == epoch).findFirst()
                .map(r -> epochValue(r, split, metric)).orElse(null));
    }

    /**
     * The sum of a per-epoch metric over each seed's epochs ({@code [seed − 1]}, NaN where the run is missing):
     * {@code train_samples} gives the sample visits of a whole run, which a paced method spends differently from a
     * method that sees the full set every epoch.
     */
    public double[] total(String variant, String split, String metric) {
        return perSeedRun(variant, f -> f.metrics().rows().stream().mapToDouble(r -> epochValue(r, split, metric)).sum());
    }

    private static double epochValue(EpochRecord r, String split, String metric) {
        return switch (metric) {
            case "train_loss" -> r.trainLoss();
            case "train_samples" -> r.trainSamples();
            default -> r.get(split, metric);
        };
    }

    /**
     * The linear-probe test ACC of a modality for each seed {@code 1..seeds} (NaN where the run is missing or was
     * trained without {@code outputs.linear-probe}); the probe is fitted once, after the last epoch.
     */
    public double[] probeValues(String variant, String modality) {
        return perSeed(variant, s -> s.probe().get(FinalSummary.PROBE_PREFIX + modality));
    }

    /** Whether at least one run of any variant measured validation (false when every run used {@code validation-fraction: 0}). */
    public boolean hasValidation() {
        return runs.values().stream().anyMatch(l -> l.stream().anyMatch(f -> f.summary().bestOnValidation() != null));
    }

    /** The modalities with a linear-probe result in at least one run, in {@link #modalities()} order. */
    public List<String> probedModalities() {
        return modalities().stream().filter(m -> runs.values().stream().anyMatch(l -> l.stream()
                .anyMatch(f -> f.summary().probe().containsKey(FinalSummary.PROBE_PREFIX + m)))).toList();
    }

    public Summary summary(String variant, Selection selection, String metric) {
        return Summary.of(values(variant, selection, metric));
    }

    /** Paired difference {@code variant − baseline} of a metric over the seeds both finished. */
    public Summary difference(String variant, String baseline, Selection selection, String metric) {
        return PairedDifference.of(values(variant, selection, metric), values(baseline, selection, metric));
    }

    /**
     * The standard results table: one row per variant (that has runs), test ACC, MAP, macro-F1 and each
     * unimodal head's ACC as mean ± std in %, each linear probe's ACC when the runs have one, then ACC difference to each baseline with its 95 % CI
     * (paired by seed), then the number of seeds.
     */
    public Table resultsTable(String title, Selection selection, List<String> baselines, List<SuiteVariant> rows) {
        List<String> mods = modalities();
        List<String> header = new ArrayList<>(List.of("method", "ACC %", "MAP %", "macro-F1 %"));
        mods.forEach(m -> header.add("ACC " + m + " %"));
        List<String> probed = probedModalities();
        probed.forEach(m -> header.add("probe " + m + " % (last epoch)"));
        List<String> present = baselines.stream().filter(this::has).toList();
        present.forEach(b -> header.add("Δ ACC vs " + b + " (95% CI) pp"));
        header.add("seeds");
        Table t = new Table(title + " (test set, " + selection.label() + ", mean ± std over seeds)", header);
        for (SuiteVariant v : rows) {
            if (!has(v.name())) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            cells.add(v.label());
            cells.add(summary(v.name(), selection, "acc").format(100, 2));
            cells.add(summary(v.name(), selection, "map").format(100, 2));
            cells.add(summary(v.name(), selection, "macro_f1").format(100, 2));
            for (String m : mods) {
                cells.add(summary(v.name(), selection, "acc_" + m).format(100, 2));
            }
            for (String m : probed) {
                cells.add(Summary.of(probeValues(v.name(), m)).format(100, 2));
            }
            for (String b : present) {
                if (b.equals(v.name())) {
                    cells.add("–");
                } else {
                    Summary d = difference(v.name(), b, selection, "acc");
                    cells.add(formatDelta(d));
                }
            }
            cells.add(Integer.toString(summary(v.name(), selection, "acc").n()));
            t.addRow(cells);
        }
        return t;
    }

    /** {@code +1.23 [0.10, 2.36]} in percentage points; no interval with one seed; "–" with none. */
    public static String formatDelta(Summary d) {
        if (d.n() == 0) {
            return "–";
        }
        String m = String.format(java.util.Locale.ROOT, "%+.2f", d.mean() * 100);
        return Double.isNaN(d.halfWidth()) ? m : m + " " + d.formatCi(100, 2);
    }

    /** Mean over seeds of a per-epoch metric: {@code {epochs[], means[]}}. */
    public double[][] meanCurve(String variant, String split, String metric) {
        TreeMap<Integer, double[]> acc = new TreeMap<>();
        for (RunDirectory.Finished f : runs(variant)) {
            for (EpochRecord r : f.metrics().rows()) {
                double v = epochValue(r, split, metric);
                if (!Double.isNaN(v)) {
                    double[] a = acc.computeIfAbsent(r.epoch(), e -> new double[2]);
                    a[0] += v;
                    a[1]++;
                }
            }
        }
        double[] x = new double[acc.size()];
        double[] y = new double[acc.size()];
        int i = 0;
        for (Map.Entry<Integer, double[]> e : acc.entrySet()) {
            x[i] = e.getKey();
            y[i++] = e.getValue()[0] / e.getValue()[1];
        }
        return new double[][] {x, y};
    }

    /** A line plot of the mean curve of {@code metric} on {@code split} for each variant. */
    public Path plotCurves(Path file, String title, String split, String metric, String yTitle, List<SuiteVariant> which) throws IOException {
        List<Plots.Series> series = new ArrayList<>();
        for (SuiteVariant v : which) {
            if (has(v.name())) {
                double[][] c = meanCurve(v.name(), split, metric);
                series.add(new Plots.Series(v.label(), c[0], c[1]));
            }
        }
        return Plots.lines(file, title, "epoch", yTitle, series);
    }
}
