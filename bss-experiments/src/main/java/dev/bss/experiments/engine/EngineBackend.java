package dev.bss.experiments.engine;

import dev.bss.core.schedule.SequenceScheduler;
import dev.bss.core.schedule.SequenceStatistics;
import dev.bss.engine.data.DatasetProvider;
import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.ImageAugmentation;
import dev.bss.engine.data.ModalitySpec;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.data.MultimodalSample;
import dev.bss.engine.metrics.LinearProbe;
import dev.bss.engine.model.ModelConfig;
import dev.bss.engine.train.EngineThreads;
import dev.bss.engine.train.EpochReport;
import dev.bss.engine.train.ModelExport;
import dev.bss.engine.train.MultimodalTrainer;
import dev.bss.engine.train.OptimizerSettings;
import dev.bss.engine.train.PerSampleStatistics;
import dev.bss.engine.train.ScoreReport;
import dev.bss.engine.train.TrainerConfig;
import dev.bss.engine.train.TrainingContext;
import dev.bss.engine.train.TrainingListener;
import dev.bss.engine.train.TrainingMethod;
import dev.bss.experiments.run.EpochRecord;
import dev.bss.experiments.run.FinalSummary;
import dev.bss.experiments.run.RunInfo;
import dev.bss.experiments.run.RunSink;
import dev.bss.experiments.run.ScoreTable;
import dev.bss.experiments.run.SplitMetrics;
import dev.bss.experiments.run.TrainingBackend;
import dev.bss.experiments.spec.RunSpec;
import dev.bss.experiments.spec.SpecInputException;
import dev.bss.methods.MethodDescriptor;
import dev.bss.methods.MethodRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Trains a run spec on the DJL engine: loads the dataset from its {@link DatasetProvider} (carving a seeded,
 * stratified validation split when the dataset has none; keeping only {@code model.modalities} for uni-only
 * runs), creates the method from {@link MethodRegistry}, builds a {@link MultimodalTrainer} and forwards its
 * events to the {@link RunSink}. Every check that can fail on the spec runs before the trainer is built.
 *
 * <p>Loaded datasets are cached per (id, options) for the lifetime of the backend, so a suite loads each
 * dataset once.
 */
public final class EngineBackend implements TrainingBackend {

    /** Seed of the validation carve: the same split for every run, method and seed. */
    public static final long VALIDATION_SEED = 0;

    private final Map<String, DatasetSplits> cache = new LinkedHashMap<>();

    @Override
    public List<String> methodIds() {
        return MethodRegistry.descriptors().stream().map(MethodDescriptor::id).toList();
    }

    @Override
    public List<String> modalityNames(RunSpec spec) throws IOException {
        return load(spec).train().modalities().stream().map(ModalitySpec::name).toList();
    }

    /** The provider with this id, or an error naming the available ones. */
    public static DatasetProvider provider(String id) {
        List<String> ids = new ArrayList<>();
        for (DatasetProvider p : ServiceLoader.load(DatasetProvider.class)) {
            if (p.id().equals(id)) {
                return p;
            }
            ids.add(p.id());
        }
        throw new SpecInputException("dataset", "unknown dataset '" + id + "'; available: " + String.join(", ", ids));
    }

    private DatasetSplits load(RunSpec spec) throws IOException {
        String key = spec.dataset() + " " + spec.datasetOptions();
        DatasetSplits s = cache.get(key);
        if (s == null) {
            s = provider(spec.dataset()).load(spec.datasetOptions());
            cache.put(key, s);
        }
        return s;
    }

    /** The train / validation / test splits the spec trains on (validation carved, modalities selected). */
    public MultimodalDataset[] splits(RunSpec spec) throws IOException {
        DatasetSplits s = load(spec);
        MultimodalDataset train = s.train();
        MultimodalDataset val = s.validation();
        MultimodalDataset test = s.test();
        if (spec.validationFraction() == 0) {
            val = null; // the official CREMA-D protocol: no validation split at all
        } else if (val == null) {
            MultimodalDataset[] carved = DatasetViews.carveValidation(train, spec.validationFraction(), VALIDATION_SEED);
            train = carved[0];
            val = carved[1];
        }
        if (spec.trainLimit() > 0 && spec.trainLimit() < train.size()) {
            train = DatasetViews.carveValidation(train, 1.0 - (double) spec.trainLimit() / train.size(), VALIDATION_SEED)[0];
        }
        if (!spec.model().modalities().isEmpty()) {
            train = DatasetViews.modalities(train, spec.model().modalities());
            val = val == null ? null : DatasetViews.modalities(val, spec.model().modalities());
            test = test == null ? null : DatasetViews.modalities(test, spec.model().modalities());
        }
        return new MultimodalDataset[] {train, val, test};
    }

    /** Method options: {@code method-options} plus the spec's loss weights and scoring mode where the method takes them. */
    static Map<String, Object> methodOptions(RunSpec spec, MethodDescriptor d) {
        Map<String, Object> o = new LinkedHashMap<>(spec.methodOptions());
        double fw = spec.model().fusedLossWeight();
        double uw = spec.model().unimodalLossWeight();
        if (d.hyperParameter("fused-weight") != null) {
            o.putIfAbsent("fused-weight", fw);
        } else if (fw != 1.0) {
            throw new SpecInputException("model.loss-weights.fused", "method " + d.id() + " has fixed loss weights; leave it at 1.0");
        }
        if (d.hyperParameter("unimodal-weight") != null) {
            o.putIfAbsent("unimodal-weight", uw);
        } else if (uw != 1.0) {
            throw new SpecInputException("model.loss-weights.unimodal", "method " + d.id() + " has fixed loss weights (vanilla: fused loss only); leave it at 1.0");
        }
        if (!spec.scoring().mode().equals("preset")) {
            if (d.hyperParameter("scoring") == null) {
                throw new SpecInputException("scoring.mode", "method " + d.id() + " does not score samples; leave it at 'preset'");
            }
            o.putIfAbsent("scoring", spec.scoring().mode());
            if (!spec.scoring().table().isBlank()) {
                o.putIfAbsent("score-table", spec.scoring().table());
            }
        }
        if (spec.scoring().batchSize() > 0) {
            if (d.hyperParameter("scoring-batch-size") == null) {
                throw new SpecInputException("scoring.batch-size", "method " + d.id() + " does not score samples; leave it at 0");
            }
            o.putIfAbsent("scoring-batch-size", spec.scoring().batchSize());
        }
        return o;
    }

    /** The engine's image augmentation for the spec's {@code augmentation} keys. */
    static ImageAugmentation augmentation(RunSpec.Augmentation a) {
        ImageAugmentation.Builder b = ImageAugmentation.builder().optHorizontalFlip(a.horizontalFlip());
        if (a.randomResizedCrop()) {
            b.optRandomResizedCrop(a.cropScaleMin(), a.cropScaleMax());
        }
        return b.build();
    }

    static List<String> predictionHeads(RunSpec spec, List<String> modalities) {
        return switch (spec.model().testHeads()) {
            case "fused" -> List.of("fused");
            case "sum-all" -> {
                List<String> h = new ArrayList<>(List.of("fused"));
                h.addAll(modalities);
                yield h;
            }
            case "sum-unimodal" -> modalities;
            default -> null;
        };
    }

    /**
     * What a trainer for a spec is built from: the splits it trains on, its modality names, the method, the model and
     * optimiser settings and the loop settings. Every check that can fail on the spec and its data has run.
     */
    public record TrainerParts(MultimodalDataset[] splits, List<String> modalities, TrainingMethod method, ModelConfig model,
            OptimizerSettings optimizer, TrainerConfig config) {
    }

    /**
     * Resolves {@code spec} into the parts {@link #train} builds its trainer from; {@code bss-spark}'s scoring pass
     * rebuilds the same network and scoring request from them.
     *
     * @param checkpointDirectory where the trainer writes checkpoints, or {@code null} for none
     */
    public TrainerParts parts(RunSpec spec, Path checkpointDirectory) throws IOException {
        MultimodalDataset[] s = splits(spec);
        MultimodalDataset train = s[0];
        List<String> modalities = train.modalities().stream().map(ModalitySpec::name).toList();
        // checks that need the data, before anything is built
        if (spec.batchSize() > train.size()) {
            throw new SpecInputException("batch-size", spec.batchSize() + " is larger than the " + train.size()
                    + " training samples; use at most " + train.size());
        }
        String[] parts = spec.method().split("\\+");
        for (String part : parts) {
            MethodDescriptor d = MethodRegistry.descriptor(part.trim());
            if (d.hyperParameter("criterion") != null && modalities.size() < 2) {
                throw new SpecInputException("model.modalities", "method " + d.id() + " measures balance between modalities and needs"
                        + " at least two; the run has " + modalities);
            }
        }
        MethodDescriptor first = MethodRegistry.descriptor(parts[0].trim());
        TrainingMethod method = MethodRegistry.create(spec.method(), parts.length == 1 ? methodOptions(spec, first) : spec.methodOptions());

        ModelConfig.Builder model = ModelConfig.builder().optFusion(spec.model().fusion());
        spec.model().encoders().forEach((name, encoder) -> {
            try {
                model.optEncoder(name, encoder);
            } catch (IllegalArgumentException e) {
                throw new SpecInputException("model.encoders." + name, e.getMessage());
            }
        });
        RunSpec.Optimizer o = spec.optimizer();
        OptimizerSettings.Builder opt = OptimizerSettings.builder()
                .optKind(o.name().equals("adam") ? OptimizerSettings.Kind.ADAM : OptimizerSettings.Kind.SGD)
                .optLearningRate(o.lr()).optMomentum(o.momentum()).optWeightDecay(o.weightDecay());
        if (o.stepLrStep() > 0) {
            opt.optStepLr(o.stepLrStep(), o.stepLrGamma());
        } else {
            opt.optStepLr(Integer.MAX_VALUE, 1.0);
        }
        TrainerConfig.Builder cfg = TrainerConfig.builder().setEpochs(spec.epochs()).setBatchSize(spec.batchSize())
                .optSeed(spec.seed()).optPredictionHeads(predictionHeads(spec, modalities))
                .optPreciseBnBatches(spec.evaluation().preciseBnBatches()).optAugmentation(augmentation(spec.augmentation()));
        if (checkpointDirectory != null) {
            cfg.optCheckpointDirectory(checkpointDirectory);
        }
        return new TrainerParts(s, modalities, method, model.build(), opt.build(), cfg.build());
    }

    @Override
    public void train(RunSpec spec, Path runDir, boolean resume, RunSink sink) throws IOException {
        Path ckptDir = runDir.resolve("checkpoints");
        TrainerParts p = parts(spec, spec.outputs().checkpointEvery() > 0 || resume ? ckptDir : null);
        MultimodalDataset[] s = p.splits();
        MultimodalDataset train = s[0];
        List<String> modalities = p.modalities();
        Path last = ckptDir.resolve("last.ckpt");
        MultimodalTrainer.Builder tb = MultimodalTrainer.builder().setTrainSet(train).optValidationSet(s[1]).optTestSet(s[2])
                .setMethod(p.method()).setConfig(p.config()).optModelConfig(p.model()).optOptimizer(p.optimizer())
                .addListener(new Forwarder(spec, train, s, modalities, sink)).addListener(new ModelExport(ckptDir));
        if (resume && Files.exists(last)) {
            tb.optResumeFrom(last);
        }
        // the thread count decides the last bits of a run (EngineThreads): the spec's, else the launcher's
        int launcherThreads = EngineThreads.current();
        if (spec.threads() > 0) {
            EngineThreads.set(spec.threads());
        }
        try (MultimodalTrainer trainer = tb.build()) {
            trainer.fit();
            if (spec.outputs().linearProbe()) {
                sink.probe(linearProbe(trainer, s, modalities));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            EngineThreads.set(launcherThreads);
        }
    }

    /**
     * Test accuracy of a {@link LinearProbe} on each modality's frozen embedding (last-epoch model): fitted on the
     * training split, λ chosen on validation.
     */
    static Map<String, Double> linearProbe(MultimodalTrainer trainer, MultimodalDataset[] splits, List<String> modalities) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int m = 0; m < modalities.size(); m++) {
            LinearProbe.Result r = LinearProbe.fit(trainer.embeddings(splits[0], m), labels(splits[0]),
                    splits[1] == null ? null : trainer.embeddings(splits[1], m), splits[1] == null ? null : labels(splits[1]),
                    splits[2] == null ? null : trainer.embeddings(splits[2], m), splits[2] == null ? null : labels(splits[2]),
                    splits[0].numClasses());
            out.put(FinalSummary.PROBE_PREFIX + modalities.get(m), r.testAccuracy());
        }
        return out;
    }

    /**
     * The per-sample score table of a scoring step ({@code scores/epoch-NNN.csv}): every training sample's id, label,
     * balance score, the raw criteria the engine computed and the sample's metadata.
     */
    public static ScoreTable scoreTable(ScoreReport report) {
        int n = report.scores().length;
        List<String> ids = new ArrayList<>(n);
        int[] labels = new int[n];
        List<Map<String, String>> meta = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            MultimodalSample sm = report.trainSet().get(i);
            ids.add(sm.id());
            labels[i] = sm.label();
            meta.add(sm.metadata());
        }
        Map<String, double[]> criteria = new LinkedHashMap<>();
        PerSampleStatistics st = report.statistics();
        if (st != null) {
            putIf(criteria, "pred_sim", st.predictionSimilarity());
            putIf(criteria, "feat_sim", st.featureSimilarity());
            putIf(criteria, "loss", st.totalLoss());
            putIf(criteria, "grad_mag", st.gradientMagnitude());
        }
        return new ScoreTable(ids, labels, report.scores(), criteria, meta);
    }

    private static void putIf(Map<String, double[]> m, String k, double[] v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static int[] labels(MultimodalDataset d) {
        int[] y = new int[d.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = d.get(i).label();
        }
        return y;
    }

    /** Engine events → run sink. */
    private static final class Forwarder implements TrainingListener {
        private final RunSpec spec;
        private final MultimodalDataset train;
        private final MultimodalDataset[] splits;
        private final List<String> modalities;
        private final RunSink sink;

        Forwarder(RunSpec spec, MultimodalDataset train, MultimodalDataset[] splits, List<String> modalities, RunSink sink) {
            this.spec = spec;
            this.train = train;
            this.splits = splits;
            this.modalities = modalities;
            this.sink = sink;
        }

        @Override
        public void onTrainingStart(TrainingContext context, int startEpoch) {
            Map<String, String> versions = new LinkedHashMap<>();
            try {
                ai.djl.engine.Engine e = ai.djl.engine.Engine.getInstance();
                versions.put("engine", e.getEngineName());
                versions.put("pytorch_version", e.getVersion());
            } catch (RuntimeException ex) {
                versions.put("pytorch_version", "unknown");
            }
            versions.put("intra_op_threads", Integer.toString(EngineThreads.current()));
            versions.put("val_size", Integer.toString(splits[1] == null ? 0 : splits[1].size()));
            versions.put("test_size", Integer.toString(splits[2] == null ? 0 : splits[2].size()));
            String checksum = "train=" + train.checksum() + ";val=" + (splits[1] == null ? "-" : splits[1].checksum())
                    + ";test=" + (splits[2] == null ? "-" : splits[2].checksum());
            try {
                sink.started(new RunInfo(spec.dataset(), checksum, modalities, train.size(), startEpoch, versions));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void onSequence(int epoch, int[] sequence, SequenceScheduler scheduler) {
            sink.sequence(epoch, SequenceStatistics.of(scheduler, sequence));
        }

        @Override
        public void onBatchEnd(int epoch, int batchIndex, int batchCount, double loss) {
            sink.batch(epoch, batchIndex, batchCount, loss);
        }

        @Override
        public void onScores(ScoreReport report) {
            if (!spec.outputs().perSampleScores()) {
                return;
            }
            try {
                sink.scores(report.epoch(), scoreTable(report));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void onEpochEnd(EpochReport r) {
            Map<String, SplitMetrics> splitsOut = new LinkedHashMap<>();
            if (r.validation() != null) {
                splitsOut.put("val", convert(r.validation()));
            }
            if (r.test() != null) {
                splitsOut.put("test", convert(r.test()));
            }
            try {
                sink.epoch(new EpochRecord(r.epoch(), r.learningRate(), r.trainLoss(), r.trainSamples(), r.epochSeconds(),
                        r.scoreSeconds(), splitsOut));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static SplitMetrics convert(dev.bss.engine.metrics.SplitMetrics m) {
            return new SplitMetrics(m.acc(), m.map(), m.macroF1(), m.loss(), m.unimodalAccuracy());
        }
    }
}
