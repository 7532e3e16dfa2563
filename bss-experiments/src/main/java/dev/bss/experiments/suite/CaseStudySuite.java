package dev.bss.experiments.suite;

import dev.bss.engine.data.DatasetProvider;
import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.ModalityKind;
import dev.bss.engine.data.ModalitySpec;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.data.MultimodalSample;
import dev.bss.experiments.report.HtmlReport;
import dev.bss.experiments.report.Plots;
import dev.bss.experiments.report.SampleImages;
import dev.bss.experiments.report.Table;
import dev.bss.experiments.run.RunDirectory;
import dev.bss.experiments.run.ScoreCsv;
import dev.bss.experiments.spec.RunSpec;
import dev.bss.experiments.spec.RunSpecLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * {@code case-study}: BSS-L with per-sample scores; picks the two most balanced, two median
 * ("semi-balanced") and two least balanced training samples by their last score (seed 1), plots their
 * score trajectories over epochs and shows each modality of them as a PNG (image, spectrogram).
 */
final class CaseStudySuite implements Suite {

    @Override
    public String id() {
        return "case-study";
    }

    @Override
    public String description() {
        return "per-sample score trajectories of balanced / semi-balanced / imbalanced samples (BSS-L), with their images and spectrograms";
    }

    @Override
    public List<SuiteVariant> variants(SuiteContext c) {
        return List.of(Suites.vanilla(), Suites.vanillaUni(), SuiteVariant.of("bss-l", "BSS-L (learning-based)", "method=bss-l"));
    }

    @Override
    public List<String> commonOverrides(SuiteContext c) {
        return List.of("outputs.per-sample-scores=true");
    }

    @Override
    public void report(SuiteContext c, SuiteResults r, HtmlReport report) throws IOException {
        Suites.standardSections(c, r, report, "Case study runs");
        report.heading("Case study: score trajectories");
        RunDirectory.Finished run = r.runs("bss-l").stream().min(Comparator.comparingLong(f -> f.summary().seed())).orElse(null);
        if (run == null) {
            report.paragraph("No finished BSS-L run.");
            return;
        }
        List<Path> files = RunDirectory.scoreFiles(run.dir());
        if (files.isEmpty()) {
            report.paragraph("The BSS-L run wrote no per-sample scores.");
            return;
        }
        Map<Integer, ScoreCsv> byEpoch = new LinkedHashMap<>();
        for (Path f : files) {
            String n = f.getFileName().toString();
            byEpoch.put(Integer.parseInt(n.substring(6, n.length() - 4)), ScoreCsv.read(f));
        }
        ScoreCsv last = byEpoch.values().stream().reduce((a, b) -> b).orElseThrow();
        double[] s = last.numeric("score");
        Integer[] order = new Integer[s.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -s[i]));
        int n = order.length;
        Map<String, String> groupOf = new LinkedHashMap<>();
        int[][] picks = {{0, 1}, {n / 2, Math.min(n - 1, n / 2 + 1)}, {Math.max(0, n - 2), n - 1}};
        String[] groups = {"balanced", "semi-balanced", "imbalanced"};
        for (int g = 0; g < 3; g++) {
            for (int p : picks[g]) {
                groupOf.putIfAbsent(last.ids().get(order[p]), groups[g]);
            }
        }
        List<Plots.Series> series = new ArrayList<>();
        for (Map.Entry<String, String> e : groupOf.entrySet()) {
            double[] x = new double[byEpoch.size()];
            double[] y = new double[byEpoch.size()];
            int k = 0;
            for (Map.Entry<Integer, ScoreCsv> ep : byEpoch.entrySet()) {
                x[k] = ep.getKey();
                int idx = ep.getValue().ids().indexOf(e.getKey());
                y[k++] = idx < 0 ? Double.NaN : ep.getValue().numeric("score")[idx];
            }
            series.add(new Plots.Series(e.getValue() + " " + e.getKey(), x, y));
        }
        Path plots = c.dir().resolve("plots");
        report.image(Plots.lines(plots.resolve("case-study-trajectories.png"), "Balance score per epoch (BSS-L, seed "
                + run.summary().seed() + ")", "epoch", "balance score", series), "score trajectories of the chosen samples");

        List<String> meta = last.numericColumns();
        List<String> hdr = new ArrayList<>(List.of("sample", "group", "label", "last score"));
        hdr.addAll(meta);
        Table t = new Table("Chosen samples (last scored epoch)", hdr);
        for (Map.Entry<String, String> e : groupOf.entrySet()) {
            int idx = last.ids().indexOf(e.getKey());
            List<String> row = new ArrayList<>(List.of(e.getKey(), e.getValue(), last.columns().get("label").get(idx),
                    String.format(Locale.ROOT, "%.4f", s[idx])));
            for (String m : meta) {
                row.add(last.columns().get(m).get(idx));
            }
            t.addRow(row);
        }
        t.writeAll(c.dir().resolve("tables"), "case-study-samples");
        report.table(t);
        sampleImages(run, groupOf, plots, report);
    }

    private static void sampleImages(RunDirectory.Finished run, Map<String, String> groupOf, Path plots, HtmlReport report) throws IOException {
        RunSpec spec = RunSpecLoader.load(run.dir().resolve(RunDirectory.SPEC), List.of());
        DatasetProvider provider = null;
        for (DatasetProvider p : ServiceLoader.load(DatasetProvider.class)) {
            if (p.id().equals(spec.dataset())) {
                provider = p;
            }
        }
        if (provider == null) {
            report.paragraph("(dataset '" + spec.dataset() + "' not on the classpath: no sample images)");
            return;
        }
        DatasetSplits splits = provider.load(spec.datasetOptions());
        List<MultimodalDataset> sets = new ArrayList<>(List.of(splits.train()));
        if (splits.validation() != null) {
            sets.add(splits.validation());
        }
        report.subheading("The chosen samples, each modality");
        for (Map.Entry<String, String> e : groupOf.entrySet()) {
            MultimodalSample sample = find(sets, e.getKey());
            if (sample == null) {
                continue;
            }
            List<ModalitySpec> mods = sets.get(0).modalities();
            for (int m = 0; m < mods.size(); m++) {
                ModalitySpec ms = mods.get(m);
                if (ms.kind() == ModalityKind.TOKENS || ms.kind() == ModalityKind.VECTOR) {
                    continue;
                }
                int[] shape = ms.shape();
                int scale = Math.max(1, 160 / Math.max(1, shape[shape.length - 2]));
                Path png = plots.resolve("case-" + e.getKey().replaceAll("[^A-Za-z0-9_-]", "_") + "-" + ms.name() + ".png");
                SampleImages.write(png, sample.modalities()[m], shape, ms.kind() == ModalityKind.AUDIO, scale);
                report.image(png, e.getValue() + " sample " + e.getKey() + " (label " + sample.label() + "): " + ms.name());
            }
        }
    }

    private static MultimodalSample find(List<MultimodalDataset> sets, String id) {
        for (MultimodalDataset d : sets) {
            for (int i = 0; i < d.size(); i++) {
                MultimodalSample s = d.get(i);
                if (s.id().equals(id)) {
                    return s;
                }
            }
        }
        return null;
    }
}
