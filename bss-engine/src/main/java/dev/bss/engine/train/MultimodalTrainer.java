package dev.bss.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.bss.core.random.RandomStreams;
import dev.bss.core.schedule.SequenceScheduler;
import dev.bss.core.schedule.ShuffleScheduler;
import dev.bss.engine.data.BatchAssembler;
import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.ModalitySpec;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.metrics.SplitMetrics;
import dev.bss.engine.model.ModelConfig;
import dev.bss.engine.model.ModelOutputs;
import dev.bss.engine.model.MultimodalNetwork;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The one training loop. Build it from a dataset, a model configuration, a {@link TrainingMethod}, optimiser
 * settings and loop settings, then call {@link #fit()}:
 *
 * <pre>{@code
 * DatasetSplits splits = new SyntheticDatasetProvider().load(Map.of("train-size", 512));
 * try (MultimodalTrainer trainer = MultimodalTrainer.builder()
 *         .setDataset(splits)
 *         .setMethod(MethodRegistry.create("bss-l", Map.of()))          // any TrainingMethod
 *         .setConfig(TrainerConfig.builder().setEpochs(30).setBatchSize(64).optSeed(1)
 *                 .optCheckpointDirectory(runDir.resolve("checkpoints")).build())
 *         .optModelConfig(ModelConfig.builder().optEncoder("*", "small-cnn").build())
 *         .optOptimizer(OptimizerSettings.builder().optLearningRate(0.01).build())
 *         .addListener(listener)                                       // per-epoch metrics, per-sample scores
 *         .optResumeFrom(runDir.resolve("checkpoints/last.ckpt"))      // only when resuming
 *         .build()) {
 *     TrainingResult result = trainer.fit();
 * }
 * }</pre>
 *
 * The loop never branches on the method: it asks the method's {@link SequenceScheduler} for each epoch's sequence,
 * computes per-sample statistics when the scheduler asks for scores (see {@link ScoringMode}), and calls the hooks
 * in the order documented on {@link TrainingMethod}. The batch body lives in {@link BatchLoop} (every batch in its
 * own {@link NDScope} and sub-manager), which methods may reuse for inner passes
 * ({@link TrainingContext#trainPass}). Not thread-safe; one trainer per JVM at a time (DJL allows only one gradient
 * collector).
 */
public final class MultimodalTrainer implements AutoCloseable {

    private final MultimodalDataset trainSet;
    private final MultimodalDataset validation;
    private final MultimodalDataset test;
    private final TrainingMethod method;
    private final TrainerConfig config;
    private final List<TrainingListener> listeners;
    private final Path resumeFrom;
    private final NDManager rootManager;
    private final NDManager modelManager;
    private final MultimodalNetwork network;
    private final ParameterStore parameterStore;
    private final ParameterUpdater updater;
    private final TrainingContext context;
    private final SequenceScheduler scheduler;
    private final BatchAssembler trainAssembler;
    private final BatchLoop batchLoop;
    private final HeldOutSplit heldOut;
    private final LossWeights lossWeights;
    private final int modalityCount;
    private final int numClasses;
    private final ScoringRequest scoringRequest;
    private final ScoringPass scoring;
    private final SplitEvaluator evaluator;
    private final TrainingCheckpointer checkpointer;
    /** Training-set order of the precise-BN batches, drawn once (null when precise BN is off). */
    private final int[] preciseBnOrder;
    private final List<EpochReport> history = new ArrayList<>();
    private boolean started;
    private long startNanos;
    private int nextEpoch = 1;

    private MultimodalTrainer(Builder b) {
        this.trainSet = b.trainSet;
        this.validation = b.validation;
        this.test = b.test;
        this.method = b.method;
        this.config = b.config;
        this.listeners = List.copyOf(b.listeners);
        this.resumeFrom = b.resumeFrom;
        this.modalityCount = trainSet.modalities().size();
        this.numClasses = trainSet.numClasses();
        this.lossWeights = method.lossWeights();
        this.scoringRequest = method.scoringRequest();
        this.heldOut = HeldOutSplit.draw(trainSet.size(), method.heldOutFraction(), config.seed());
        if (config.dropLast() && trainSet.size() - heldOut.size() < config.batchSize()) {
            throw new IllegalArgumentException("trainer: method " + method.id() + " holds out " + heldOut.size() + " of " + trainSet.size()
                    + " training samples, fewer than one batch of " + config.batchSize() + " remain");
        }
        // a fixed order (the shuffle's epoch 0, never trained on) so a resumed run recomputes the same statistics
        this.preciseBnOrder = config.preciseBnBatches() > 0 ? RandomStreams.permutation(
                RandomStreams.of(config.seed(), RandomStreams.UNIFORM_SHUFFLE, 0), trainSet.size()) : null;
        for (MultimodalDataset other : Arrays.asList(validation, test)) {
            if (other != null && (!other.modalities().equals(trainSet.modalities()) || other.numClasses() != numClasses)) {
                throw new IllegalArgumentException("trainer: evaluation split modalities/classes differ from the training split");
            }
        }
        Engine.getInstance().setRandomSeed((int) (config.seed() ^ (config.seed() >>> 32)));
        this.rootManager = NDManager.newBaseManager();
        this.modelManager = rootManager.newSubManager();
        ModelConfig modelConfig = method.configureModel(b.modelConfig);
        this.network = modelConfig.newNetwork(trainSet.modalities(), numClasses);
        Shape[] inputShapes = new Shape[modalityCount];
        for (int m = 0; m < modalityCount; m++) {
            inputShapes[m] = batchShape(trainSet.modalities().get(m), 2);
        }
        network.initialize(modelManager, DataType.FLOAT32, inputShapes);
        this.parameterStore = new ParameterStore(modelManager, false);
        this.updater = new ParameterUpdater(b.optimizer, network.getParameters(), modelManager);
        this.context = new TrainingContext(network, trainSet, config, updater, modelManager);
        context.attachEvaluationSets(validation, test);
        this.trainAssembler = new BatchAssembler(trainSet);
        this.batchLoop = new BatchLoop(network, parameterStore, modelManager, trainSet, config, context);
        context.attachLoop(heldOut, batchLoop);
        this.scoring = new ScoringPass(network, parameterStore, modelManager, trainSet, config, updater);
        this.evaluator = new SplitEvaluator(network, parameterStore, modelManager, trainSet, lossWeights, config, method);
        method.onModelReady(context);
        SequenceScheduler s = method.sequenceScheduler(context);
        this.scheduler = s != null ? s : ShuffleScheduler.builder().setSize(trainSet.size()).setSeed(config.seed()).build();
        if (scheduler.size() != trainSet.size()) {
            throw new IllegalArgumentException("trainer: scheduler built for " + scheduler.size() + " samples, training set has " + trainSet.size());
        }
        this.checkpointer = new TrainingCheckpointer(network, updater, scheduler, method, scoring, config.seed());
    }

    public static Builder builder() {
        return new Builder();
    }

    public MultimodalNetwork network() {
        return network;
    }

    public TrainingContext context() {
        return context;
    }

    public SequenceScheduler scheduler() {
        return scheduler;
    }

    /** Heads summed for predictions, as names ({@code fused}, modality names). */
    public List<String> predictionHeads() {
        return evaluator.predictionHeads();
    }

    /** Arrays currently attached to this trainer's managers (diagnostics). */
    public long nativeArrayCount() {
        return NativeResources.countArrays(rootManager);
    }

    /** Runs the remaining epochs (after a resume: from the checkpoint's epoch + 1) and returns the result. */
    public TrainingResult fit() {
        while (nextEpoch() <= config.epochs()) {
            runEpoch();
        }
        TrainingResult result = TrainingResult.of(history, (System.nanoTime() - startNanos) / 1e9);
        for (TrainingListener l : listeners) {
            l.onTrainingEnd(result);
        }
        return result;
    }

    /** The epoch {@link #runEpoch()} would run next (counted from 1). */
    public int nextEpoch() {
        start();
        return nextEpoch;
    }

    /** Every finished epoch's report so far (including those restored from a checkpoint). */
    public List<EpochReport> history() {
        return List.copyOf(history);
    }

    private void start() {
        if (started) {
            return;
        }
        started = true;
        startNanos = System.nanoTime();
        nextEpoch = resumeFrom == null ? 1 : checkpointer.restore(resumeFrom, history) + 1;
        if (nextEpoch > 1) {
            scoring.runningStatisticsEstimated();
        }
        for (TrainingListener l : listeners) {
            l.onTrainingStart(context, nextEpoch);
        }
    }

    /**
     * Runs one epoch (scoring if the scheduler asks, training, precise BatchNorm statistics if configured, evaluation,
     * checkpoint) and returns its report. May be called beyond {@code config.epochs()} (benchmarks); {@link #fit()}
     * stops at it.
     */
    public EpochReport runEpoch() {
        start();
        int epoch = nextEpoch;
        long epochStart = System.nanoTime();
        method.onEpochStart(context, epoch);
        double scoreSeconds = 0;
        if (scheduler.needsScores(epoch)) {
            if (scoringRequest == null) {
                throw new IllegalStateException("method " + method.id() + ": scheduler asks for scores but the method has no scoring request");
            }
            long t = System.nanoTime();
            PerSampleStatistics stats = scoringRequest.mode() == ScoringMode.TABLE ? null : scoring.statistics(scoringRequest, epoch);
            double[] scores = method.balanceScores(context, stats);
            if (scores == null || scores.length != trainSet.size()) {
                throw new IllegalStateException("method " + method.id() + ": balanceScores returned "
                        + (scores == null ? "null" : scores.length + " scores") + " for " + trainSet.size() + " samples");
            }
            scheduler.updateScores(epoch, scores);
            scoreSeconds = (System.nanoTime() - t) / 1e9;
            ScoreReport report = new ScoreReport(epoch, trainSet, scores, stats, scoreSeconds);
            for (TrainingListener l : listeners) {
                l.onScores(report);
            }
        }
        int[] sequence = heldOut.filter(scheduler.sequence(epoch));
        for (TrainingListener l : listeners) {
            l.onSequence(epoch, sequence, scheduler);
        }
        double lr = updater.settings().learningRate(epoch);
        double[] lossAndSamples = trainEpoch(epoch, sequence, lr);
        scoring.runningStatisticsEstimated();
        double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
        if (preciseBnOrder != null) {
            PreciseBatchNorm.recompute(network, parameterStore, modelManager, trainAssembler, preciseBnOrder, config.batchSize(),
                    config.preciseBnBatches());
        }
        SplitMetrics val = validation == null ? null : evaluate(validation);
        SplitMetrics tst = test == null ? null : evaluate(test);
        EpochReport report = new EpochReport(epoch, lr, lossAndSamples[0], (int) lossAndSamples[1], epochSeconds, scoreSeconds, val, tst);
        history.add(report);
        method.onEpochEnd(context, report);
        for (TrainingListener l : listeners) {
            l.onEpochEnd(report);
        }
        if (config.checkpointDirectory() != null) {
            Path file = config.checkpointDirectory().resolve("last.ckpt");
            checkpointer.write(file, epoch, history);
            for (TrainingListener l : listeners) {
                l.onCheckpoint(file, epoch);
            }
        }
        nextEpoch = epoch + 1;
        return report;
    }

    private double[] trainEpoch(int epoch, int[] sequence, double lr) {
        boolean recordOnline = scoringRequest != null && scoringRequest.mode() == ScoringMode.ONLINE;
        return batchLoop.run(epoch, sequence, lr, method, lossWeights, new BatchLoop.Observer() {
            @Override
            public void afterFirstBackward(ModelOutputs outputs, NDArray oneHot, int[] indices) {
                if (recordOnline) {
                    scoring.recordOnline(outputs, oneHot, indices, scoringRequest);
                }
            }

            @Override
            public void afterBatch(int epoch, int batchIndex, int batchCount, double loss) {
                for (TrainingListener l : listeners) {
                    l.onBatchEnd(epoch, batchIndex, batchCount, loss);
                }
            }
        });
    }

    /**
     * Per-sample statistics of the training set in the requested mode (see {@link ScoringMode}). Public so that
     * case studies can score a model outside the schedule; it does not touch the scheduler.
     */
    public PerSampleStatistics computeStatistics(ScoringRequest request, int epoch) {
        return scoring.statistics(request, epoch);
    }

    /**
     * The frozen embedding of one modality for every sample of {@code split} (eval mode, no gradient), row-major
     * {@code n × D}; for linear probes.
     */
    public float[][] embeddings(MultimodalDataset split, int modality) {
        return evaluator.embeddings(split, modality);
    }

    /** Evaluates a split in eval mode without gradients. */
    public SplitMetrics evaluate(MultimodalDataset split) {
        return evaluator.evaluate(split);
    }

    /** {@code 0, 1, …, n − 1}: a split in dataset order. */
    static int[] allIndices(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }

    /** {@code {batch, shape...}} of one modality. */
    static Shape batchShape(ModalitySpec spec, int batch) {
        int[] s = spec.shape();
        long[] dims = new long[s.length + 1];
        dims[0] = batch;
        for (int i = 0; i < s.length; i++) {
            dims[i + 1] = s[i];
        }
        return new Shape(dims);
    }

    @Override
    public void close() {
        rootManager.close();
    }

    /** Builder; {@code setDataset} (or {@code setTrainSet}), {@code setMethod} and {@code setConfig} are required. */
    public static final class Builder {
        private MultimodalDataset trainSet;
        private MultimodalDataset validation;
        private MultimodalDataset test;
        private TrainingMethod method;
        private TrainerConfig config;
        private ModelConfig modelConfig = ModelConfig.builder().build();
        private OptimizerSettings optimizer = OptimizerSettings.builder().build();
        private final List<TrainingListener> listeners = new ArrayList<>();
        private Path resumeFrom;

        /** Train, validation (may be null) and test splits. */
        public Builder setDataset(DatasetSplits splits) {
            this.trainSet = splits.train();
            this.validation = splits.validation();
            this.test = splits.test();
            return this;
        }

        public Builder setTrainSet(MultimodalDataset train) { this.trainSet = train; return this; }
        public Builder optValidationSet(MultimodalDataset validation) { this.validation = validation; return this; }
        public Builder optTestSet(MultimodalDataset test) { this.test = test; return this; }
        public Builder setMethod(TrainingMethod method) { this.method = method; return this; }
        public Builder setConfig(TrainerConfig config) { this.config = config; return this; }
        public Builder optModelConfig(ModelConfig modelConfig) { this.modelConfig = modelConfig; return this; }
        public Builder optOptimizer(OptimizerSettings optimizer) { this.optimizer = optimizer; return this; }
        public Builder addListener(TrainingListener listener) { this.listeners.add(listener); return this; }
        /** Resume from a checkpoint written by a run with the same spec and seed. */
        public Builder optResumeFrom(Path checkpointFile) { this.resumeFrom = checkpointFile; return this; }

        public MultimodalTrainer build() {
            List<String> missing = new ArrayList<>();
            if (trainSet == null) {
                missing.add("dataset (setDataset or setTrainSet)");
            }
            if (method == null) {
                missing.add("method (setMethod)");
            }
            if (config == null) {
                missing.add("config (setConfig)");
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("trainer: missing " + String.join(", ", missing));
            }
            if (trainSet.size() < config.batchSize() && config.dropLast()) {
                throw new IllegalArgumentException("trainer: training set has " + trainSet.size() + " samples, fewer than one batch of "
                        + config.batchSize() + " with drop-last");
            }
            return new MultimodalTrainer(this);
        }
    }
}
