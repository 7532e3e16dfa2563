package dev.bss.experiments.suite;

import dev.bss.experiments.report.HtmlReport;
import dev.bss.experiments.report.Plots;
import dev.bss.experiments.report.Table;
import dev.bss.experiments.run.RunDirectory;
import dev.bss.experiments.run.ScoreCsv;
import dev.bss.experiments.stats.RankCorrelation;
import dev.bss.experiments.stats.Summary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code measurer-validity}: does the balance score track the ground truth? BSS-H (scored once, by the
 * untrained model) and BSS-L (re-scored every epoch) write per-sample scores; for every numeric column
 * of the score files (the corruption metadata such as audio SNR and image noise, and the raw criteria)
 * Spearman's ρ with the balance score is computed per epoch and summarised over seeds.
 */
final class MeasurerValiditySuite implements Suite {

    static final List<String> SCORED = List.of("bss-h", "bss-l");

    @Override
    public String id() {
        return "measurer-validity";
    }

    @Override
    public String description() {
        return "Spearman ρ between balance scores and the ground-truth corruption metadata, per epoch (BSS-H, BSS-L)";
    }

    @Override
    public List<SuiteVariant> variants(SuiteContext c) {
        return List.of(Suites.vanilla(), Suites.vanillaUni(),
                SuiteVariant.of("bss-h", "BSS-H (heuristic)", "method=bss-h"),
                SuiteVariant.of("bss-l", "BSS-L (learning-based)", "method=bss-l"));
    }

    @Override
    public List<String> commonOverrides(SuiteContext c) {
        return List.of("outputs.per-sample-scores=true");
    }

    @Override
    public void report(SuiteContext c, SuiteResults r, HtmlReport report) throws IOException {
        section(c, r, report, SCORED);
        Suites.standardSections(c, r, report, "Measurer-validity runs");
    }

    /**
     * The measurer-validity section for the listed variants (those that wrote per-sample scores): a table of ρ per
     * (variant, epoch, column), written to {@code tables/measurer-validity.*}, a ρ-per-epoch plot and score scatter
     * plots per variant.
     */
    static void section(SuiteContext c, SuiteResults r, HtmlReport report, List<String> scored) throws IOException {
        report.heading("Measurer validity: Spearman ρ(balance score, column)");
        report.paragraph("A higher balance score should mean a more balanced sample. For AV-digits the metadata holds "
                + "the drawn corruption of each modality (audio SNR: higher = cleaner; image noise: higher = noisier), so "
                + "the expected signs depend on which modality dominates. ρ is over the training samples of one epoch; "
                + "the table gives mean ± std over seeds.");
        Path plots = c.dir().resolve("plots");
        Table t = new Table("Spearman ρ of the balance score with each column (mean ± std over seeds)",
                List.of("method", "epoch", "column", "ρ", "seeds"));
        for (String v : scored) {
            if (!r.has(v)) {
                continue;
            }
            // column -> epoch -> rho per seed
            Map<String, TreeMap<Integer, List<Double>>> rho = new LinkedHashMap<>();
            RunDirectory.Finished first = r.runs(v).stream().min(Comparator.comparingLong(f -> f.summary().seed())).orElse(null);
            for (RunDirectory.Finished f : r.runs(v)) {
                for (Path p : RunDirectory.scoreFiles(f.dir())) {
                    String n = p.getFileName().toString();
                    int epoch = Integer.parseInt(n.substring(6, n.length() - 4));
                    ScoreCsv s = ScoreCsv.read(p);
                    double[] score = s.numeric("score");
                    for (String col : s.numericColumns()) {
                        rho.computeIfAbsent(col, k -> new TreeMap<>()).computeIfAbsent(epoch, k -> new ArrayList<>())
                                .add(RankCorrelation.spearman(score, s.numeric(col)));
                    }
                }
            }
            if (rho.isEmpty()) {
                report.paragraph(v + ": no per-sample scores were written.");
                continue;
            }
            List<Plots.Series> series = new ArrayList<>();
            for (Map.Entry<String, TreeMap<Integer, List<Double>>> e : rho.entrySet()) {
                double[] x = new double[e.getValue().size()];
                double[] y = new double[x.length];
                int k = 0;
                for (Map.Entry<Integer, List<Double>> ep : e.getValue().entrySet()) {
                    Summary sm = Summary.of(ep.getValue().stream().mapToDouble(Double::doubleValue).toArray());
                    t.addRow(List.of(v, Integer.toString(ep.getKey()), e.getKey(),
                            sm.n() == 0 ? "–" : sm.n() == 1 ? String.format(Locale.ROOT, "%.3f", sm.mean())
                                    : String.format(Locale.ROOT, "%.3f ± %.3f", sm.mean(), sm.std()), Integer.toString(sm.n())));
                    x[k] = ep.getKey();
                    y[k++] = sm.mean();
                }
                series.add(new Plots.Series(e.getKey(), x, y));
            }
            report.image(Plots.lines(plots.resolve("rho-" + v + ".png"), v + ": Spearman ρ(score, column) per epoch", "epoch", "ρ", series),
                    v + ": rank correlation of the balance score with each column, mean over seeds");
            if (first != null) {
                List<Path> files = RunDirectory.scoreFiles(first.dir());
                ScoreCsv s = ScoreCsv.read(files.get(files.size() - 1));
                for (String col : s.numericColumns()) {
                    report.image(Plots.scatter(plots.resolve("scatter-" + v + "-" + col.replaceAll("[^A-Za-z0-9_-]", "_") + ".png"),
                            v + ": score vs " + col + " (seed " + first.summary().seed() + ", last scored epoch)", col, "balance score",
                            List.of(new Plots.Series("samples", s.numeric(col), s.numeric("score")))), v + ": balance score against " + col);
                }
            }
        }
        t.writeAll(c.dir().resolve("tables"), "measurer-validity");
        report.table(t);
    }
}
