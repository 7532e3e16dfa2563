package dev.bss.experiments;

import dev.bss.experiments.run.EpochRecord;
import dev.bss.experiments.run.RunInfo;
import dev.bss.experiments.run.RunSink;
import dev.bss.experiments.run.ScoreTable;
import dev.bss.experiments.run.SplitMetrics;
import dev.bss.experiments.run.TrainingBackend;
import dev.bss.experiments.spec.RunSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Test-only backend: no model, it makes up plausible, deterministic metrics (a function of method, seed
 * and epoch) and per-sample scores over the {@code fake} dataset, and "checkpoints" the last epoch to a
 * text file so resume can be tested. It exists to test the run directory, suites and reports.
 */
public final class FakeBackend implements TrainingBackend {

    /** Throw after this epoch on the next {@link #train} call (0 = never). */
    public int failAfterEpoch;
    public int trainCalls;

    @Override
    public void train(RunSpec spec, Path runDir, boolean resume, RunSink sink) throws IOException {
        trainCalls++;
        List<String> mods = modalityNames(spec);
        Path ckpt = runDir.resolve("checkpoints").resolve("last.ckpt");
        int first = 1;
        if (resume && Files.exists(ckpt)) {
            first = Integer.parseInt(Files.readString(ckpt).trim()) + 1;
        }
        sink.started(new RunInfo(spec.dataset(), "sha256:fake", mods, FakeDatasetProvider.TRAIN, first, Map.of("pytorch_version", "none (fake)")));
        int fail = failAfterEpoch;
        failAfterEpoch = 0;
        double bonus = switch (spec.method()) {
            case "vanilla" -> 0.0;
            case "vanilla-uni" -> 0.02;
            case "bss-l" -> 0.03;
            default -> 0.025;
        };
        for (int e = first; e <= spec.epochs(); e++) {
            Random rnd = new Random(spec.seed() * 1000 + e * 31 + spec.method().hashCode() + spec.methodOptions().hashCode());
            for (int b = 1; b <= 3; b++) {
                sink.batch(e, b, 3, 1.0 / e);
            }
            boolean scores = spec.method().startsWith("bss") && (spec.method().equals("bss-l") || e == 1);
            if (scores) {
                List<String> ids = new ArrayList<>();
                int[] labels = new int[FakeDatasetProvider.TRAIN];
                double[] s = new double[labels.length];
                double[] sim = new double[labels.length];
                List<Map<String, String>> meta = new ArrayList<>();
                var train = FakeDatasetProvider.split("train", labels.length);
                for (int i = 0; i < labels.length; i++) {
                    var sample = train.get(i);
                    ids.add(sample.id());
                    labels[i] = sample.label();
                    sim[i] = rnd.nextDouble();
                    s[i] = 0.05 * i / labels.length + 0.1 * e + 0.2 * rnd.nextDouble() - 0.5;
                    meta.add(sample.metadata());
                }
                sink.scores(e, new ScoreTable(ids, labels, s, Map.of("pred_sim", sim), meta));
            }
            Map<String, SplitMetrics> splits = new LinkedHashMap<>();
            for (String split : List.of("val", "test")) {
                double acc = Math.min(1, 0.5 + 0.3 * (1 - Math.exp(-e / 2.0)) + bonus + 0.02 * rnd.nextGaussian());
                Map<String, Double> heads = new LinkedHashMap<>();
                for (int m = 0; m < mods.size(); m++) {
                    heads.put(mods.get(m), acc - 0.1 - 0.15 * m + 0.01 * rnd.nextGaussian());
                }
                splits.put(split, new SplitMetrics(acc, acc + 0.05, acc - 0.01, 1.0 / e, heads));
            }
            // bss-h paces like the real one: a growing prefix (a third, two thirds, then all of the training set)
            long samples = spec.method().equals("bss-h") ? FakeDatasetProvider.TRAIN * Math.min(e, 3) / 3 : FakeDatasetProvider.TRAIN;
            sink.epoch(new EpochRecord(e, spec.optimizer().lrAt(e), 1.0 / e + 0.01 * rnd.nextDouble(), samples,
                    0.01, scores ? 0.002 : 0, splits));
            Files.createDirectories(ckpt.getParent());
            Files.writeString(ckpt, Integer.toString(e));
            if (e == fail) {
                throw new IllegalStateException("fake failure after epoch " + e);
            }
        }
        if (spec.outputs().linearProbe()) {
            Map<String, Double> probe = new LinkedHashMap<>();
            for (int m = 0; m < mods.size(); m++) {
                probe.put("probe_acc_" + mods.get(m), 0.9 - 0.1 * m + 0.01 * spec.seed());
            }
            sink.probe(probe);
        }
    }

    @Override
    public List<String> modalityNames(RunSpec spec) {
        return spec.model().modalities().isEmpty() ? List.of("audio", "image") : spec.model().modalities();
    }

    @Override
    public List<String> methodIds() {
        return List.of("vanilla", "vanilla-uni", "bss-h", "bss-l");
    }
}
