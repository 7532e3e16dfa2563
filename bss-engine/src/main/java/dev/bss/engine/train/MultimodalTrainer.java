package dev.bss.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bss.core.schedule.SequenceScheduler;
import dev.bss.engine.data.BatchAssembler;
import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.ModalitySpec;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.metrics.ClassificationMetrics;
import dev.bss.engine.metrics.SplitMetrics;
import dev.bss.engine.model.ModelConfig;
import dev.bss.engine.model.ModelOutputs;
import dev.bss.engine.model.MultimodalNetwork;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
 * in the order documented on {@link TrainingMethod}. Every batch runs in its own {@link NDScope} and sub-manager;
 * the optimiser step runs outside it. Not thread-safe; one trainer per JVM at a time (DJL allows only one gradient
 * collector).
 */
public final class MultimodalTrainer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

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
    private final LossWeights lossWeights;
    private final int modalityCount;
    private final int numClasses;
    private final boolean[] predictionHeads;
    private final ScoringRequest scoringRequest;
    /** Training-set order of the precise-BN batches, drawn once (null when precise BN is off). */
    private final int[] preciseBnOrder;
    private double[][] online;
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
        // a fixed order (the shuffle's epoch 0, never trained on) so a resumed run recomputes the same statistics
        this.preciseBnOrder = config.preciseBnBatches() > 0 ? new SeededShuffleScheduler(trainSet.size(), config.seed()).sequence(0) : null;
        for (MultimodalDataset other : Arrays.asList(validation, test)) {
            if (other != null && (!other.modalities().equals(trainSet.modalities()) || other.numClasses() != numClasses)) {
                throw new IllegalArgumentException("trainer: evaluation split modalities/classes differ from the training split");
            }
        }
        this.predictionHeads = resolveHeads(config.predictionHeads());
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
        method.onModelReady(context);
        SequenceScheduler s = method.sequenceScheduler(context);
        this.scheduler = s != null ? s : new SeededShuffleScheduler(trainSet.size(), config.seed());
        if (scheduler.size() != trainSet.size()) {
            throw new IllegalArgumentException("trainer: scheduler built for " + scheduler.size() + " samples, training set has " + trainSet.size());
        }
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
        List<String> names = new ArrayList<>();
        for (int h = 0; h < predictionHeads.length; h++) {
            if (predictionHeads[h]) {
                names.add(h == 0 ? "fused" : trainSet.modalities().get(h - 1).name());
            }
        }
        return names;
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
        nextEpoch = resumeFrom == null ? 1 : restore(resumeFrom) + 1;
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
            PerSampleStatistics stats = computeStatistics(scoringRequest, epoch);
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
        int[] sequence = scheduler.sequence(epoch);
        double lr = updater.settings().learningRate(epoch);
        double[] lossAndSamples = trainEpoch(epoch, sequence, lr);
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
            writeCheckpoint(file, epoch);
            for (TrainingListener l : listeners) {
                l.onCheckpoint(file, epoch);
            }
        }
        nextEpoch = epoch + 1;
        return report;
    }

    private double[] trainEpoch(int epoch, int[] sequence, double lr) {
        int batch = config.batchSize();
        int batches = config.dropLast() ? sequence.length / batch : (sequence.length + batch - 1) / batch;
        boolean recordOnline = scoringRequest != null && scoringRequest.mode() == ScoringMode.ONLINE;
        double lossSum = 0;
        int samples = 0;
        for (int b = 0; b < batches; b++) {
            int from = b * batch;
            int to = Math.min(from + batch, sequence.length);
            int[] indices = Arrays.copyOfRange(sequence, from, to);
            int[] labels = trainAssembler.labels(sequence, from, to);
            double lossValue;
            try (NDScope scope = new NDScope(); NDManager bm = modelManager.newSubManager()) {
                NDList inputs = trainAssembler.inputs(bm, sequence, from, to);
                NDArray oneHot = BatchAssembler.oneHot(bm, labels, numClasses);
                BatchContext batchContext;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    ModelOutputs outputs = new ModelOutputs(network.forward(parameterStore, inputs, true), modalityCount);
                    batchContext = new BatchContext(context, epoch, b, indices, labels, oneHot, outputs, bm);
                    NDArray loss = method.loss(batchContext, objective(outputs, oneHot, lossWeights));
                    lossValue = loss.getFloat();
                    if (!Double.isFinite(lossValue)) {
                        List<String> ids = new ArrayList<>();
                        for (int i : indices) {
                            ids.add(trainSet.get(i).id());
                        }
                        throw new NonFiniteLossException(epoch, b, lossValue, ids,
                                NonFiniteDiagnosis.firstNonFinite(network, parameterStore, inputs, trainSet.modalities(), ids));
                    }
                    collector.backward(loss);
                }
                method.afterBackward(batchContext);
                if (recordOnline) {
                    recordOnline(batchContext.outputs(), oneHot, indices);
                }
            }
            updater.step(lr);
            method.afterStep(context, epoch, b);
            lossSum += lossValue;
            samples += to - from;
            for (TrainingListener l : listeners) {
                l.onBatchEnd(epoch, b, batches, lossValue);
            }
        }
        return new double[] {batches == 0 ? Double.NaN : lossSum / batches, samples};
    }

    /** {@code w_f · mean CE(fused) + w_u · Σ_m mean CE(unimodal_m)}. */
    private NDArray objective(ModelOutputs outputs, NDArray oneHot, LossWeights weights) {
        NDArray loss = null;
        if (weights.fused() > 0) {
            loss = crossEntropy(outputs.fused(), oneHot).mean().mul((float) weights.fused());
        }
        if (weights.unimodal() > 0) {
            for (int m = 0; m < modalityCount; m++) {
                NDArray l = crossEntropy(outputs.unimodal(m), oneHot).mean().mul((float) weights.unimodal());
                loss = loss == null ? l : loss.add(l);
            }
        }
        return loss;
    }

    /** Per-sample cross-entropy {@code −Σ_k y_k log softmax(z)_k}, shape {@code {B}}. */
    static NDArray crossEntropy(NDArray logits, NDArray oneHot) {
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();
    }

    /** Cosine similarity per row, each norm clamped below at 1e-8 (as {@code F.cosine_similarity}). */
    static NDArray cosine(NDArray a, NDArray b) {
        NDArray dot = a.mul(b).sum(new int[] {1});
        return dot.div(a.norm(new int[] {1}).maximum(1e-8f).mul(b.norm(new int[] {1}).maximum(1e-8f)));
    }

    /** Rows: prediction similarity, feature similarity, total loss; columns: batch samples. */
    private float[] batchStatistics(ModelOutputs outputs, NDArray oneHot, LossWeights weights) {
        NDArray total = crossEntropy(outputs.fused(), oneHot).mul((float) weights.fused());
        for (int m = 0; m < modalityCount; m++) {
            total = total.add(crossEntropy(outputs.unimodal(m), oneHot).mul((float) weights.unimodal()));
        }
        NDArray predictionSimilarity = null;
        NDArray featureSimilarity = null;
        int pairs = 0;
        for (int i = 0; i < modalityCount; i++) {
            for (int j = i + 1; j < modalityCount; j++) {
                NDArray p = cosine(outputs.unimodal(i).softmax(1), outputs.unimodal(j).softmax(1));
                NDArray f = cosine(outputs.embedding(i), outputs.embedding(j));
                predictionSimilarity = predictionSimilarity == null ? p : predictionSimilarity.add(p);
                featureSimilarity = featureSimilarity == null ? f : featureSimilarity.add(f);
                pairs++;
            }
        }
        if (pairs == 0) {
            predictionSimilarity = total.zerosLike().add(1f);
            featureSimilarity = total.zerosLike().add(1f);
        } else if (pairs > 1) {
            predictionSimilarity = predictionSimilarity.div(pairs);
            featureSimilarity = featureSimilarity.div(pairs);
        }
        return NDArrays.stack(new NDList(predictionSimilarity, featureSimilarity, total)).toFloatArray();
    }

    private void recordOnline(ModelOutputs outputs, NDArray oneHot, int[] indices) {
        if (online == null) {
            return; // filled by the first (pass) scoring; until then nothing to keep
        }
        float[] s = batchStatistics(outputs, oneHot, scoringRequest.lossWeights());
        int b = indices.length;
        for (int i = 0; i < b; i++) {
            online[0][indices[i]] = s[i];
            online[1][indices[i]] = s[b + i];
            online[2][indices[i]] = s[2 * b + i];
        }
    }

    /**
     * Per-sample statistics of the training set in the requested mode (see {@link ScoringMode}). Public so that
     * case studies can score a model outside the schedule; it does not touch the scheduler.
     */
    public PerSampleStatistics computeStatistics(ScoringRequest request, int epoch) {
        int n = trainSet.size();
        ScoringMode mode = request.mode();
        if (mode == ScoringMode.ONLINE && online != null) {
            return new PerSampleStatistics(epoch, ScoringMode.ONLINE, online[0].clone(), online[1].clone(), online[2].clone(),
                    request.gradientMagnitude() ? gradientMagnitudes(request, false) : null);
        }
        boolean referenceStyle = mode == ScoringMode.REFERENCE_CODE;
        int batch = referenceStyle ? config.batchSize() : request.batchSize() > 0 ? request.batchSize() : config.evaluationBatchSize();
        int[] all = allIndices(n);
        double[][] stats = new double[3][n];
        BatchAssembler assembler = new BatchAssembler(trainSet);
        for (int from = 0; from < n; from += batch) {
            int to = Math.min(n, from + batch);
            try (NDScope scope = new NDScope(); NDManager bm = modelManager.newSubManager()) {
                NDList inputs = assembler.inputs(bm, all, from, to);
                NDArray oneHot = BatchAssembler.oneHot(bm, assembler.labels(all, from, to), numClasses);
                float[] s;
                if (referenceStyle) {
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        ModelOutputs outputs = new ModelOutputs(network.forward(parameterStore, inputs, true), modalityCount);
                        s = batchStatistics(outputs, oneHot, request.lossWeights());
                    }
                } else {
                    ModelOutputs outputs = new ModelOutputs(network.forward(parameterStore, inputs, false), modalityCount);
                    s = batchStatistics(outputs, oneHot, request.lossWeights());
                }
                int b = to - from;
                for (int i = 0; i < b; i++) {
                    stats[0][from + i] = s[i];
                    stats[1][from + i] = s[b + i];
                    stats[2][from + i] = s[2 * b + i];
                }
            }
        }
        if (mode == ScoringMode.ONLINE) {
            online = new double[][] {stats[0].clone(), stats[1].clone(), stats[2].clone()};
        }
        double[] gradients = request.gradientMagnitude() ? gradientMagnitudes(request, referenceStyle) : null;
        return new PerSampleStatistics(epoch, mode == ScoringMode.ONLINE ? ScoringMode.PASS : mode, stats[0], stats[1], stats[2], gradients);
    }

    /**
     * Per-sample gradient magnitude, batch of one: {@code Σ_tensors ‖∇_θ l_total‖₂} (the [OLD] reference code's
     * definition). Gradients are zeroed before and after each sample. Slow: one forward and backward per sample.
     */
    private double[] gradientMagnitudes(ScoringRequest request, boolean trainMode) {
        int n = trainSet.size();
        double[] out = new double[n];
        int[] all = allIndices(n);
        BatchAssembler assembler = new BatchAssembler(trainSet);
        updater.zeroGradients();
        List<Parameter> trainable = new ArrayList<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            if (p.getValue().requiresGradient()) {
                trainable.add(p.getValue());
            }
        }
        for (int i = 0; i < n; i++) {
            try (NDScope scope = new NDScope(); NDManager bm = modelManager.newSubManager()) {
                NDList inputs = assembler.inputs(bm, all, i, i + 1);
                NDArray oneHot = BatchAssembler.oneHot(bm, assembler.labels(all, i, i + 1), numClasses);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    ModelOutputs outputs = new ModelOutputs(network.forward(parameterStore, inputs, trainMode), modalityCount);
                    NDArray total = crossEntropy(outputs.fused(), oneHot).mul((float) request.lossWeights().fused());
                    for (int m = 0; m < modalityCount; m++) {
                        total = total.add(crossEntropy(outputs.unimodal(m), oneHot).mul((float) request.lossWeights().unimodal()));
                    }
                    collector.backward(total.sum());
                }
                double sum = 0;
                for (Parameter p : trainable) {
                    NDArray g = p.getArray().getGradient();
                    sum += g.norm().getFloat();
                    g.muli(0f);
                }
                out[i] = sum;
            }
        }
        return out;
    }

    /**
     * The frozen embedding of one modality for every sample of {@code split} (eval mode, no gradient), row-major
     * {@code n × D}; for linear probes.
     */
    public float[][] embeddings(MultimodalDataset split, int modality) {
        if (modality < 0 || modality >= modalityCount) {
            throw new IllegalArgumentException("trainer: modality index " + modality + " out of range 0.." + (modalityCount - 1));
        }
        int n = split.size();
        float[][] out = new float[n][];
        int[] all = allIndices(n);
        BatchAssembler assembler = new BatchAssembler(split);
        int batch = config.evaluationBatchSize();
        for (int from = 0; from < n; from += batch) {
            int to = Math.min(n, from + batch);
            try (NDScope scope = new NDScope(); NDManager bm = modelManager.newSubManager()) {
                NDList inputs = assembler.inputs(bm, all, from, to);
                NDArray e = new ModelOutputs(network.forward(parameterStore, inputs, false), modalityCount).embedding(modality);
                int d = (int) e.getShape().get(1);
                float[] flat = e.toFloatArray();
                for (int i = from; i < to; i++) {
                    out[i] = Arrays.copyOfRange(flat, (i - from) * d, (i - from + 1) * d);
                }
            }
        }
        return out;
    }

    /** Evaluates a split in eval mode without gradients. */
    public SplitMetrics evaluate(MultimodalDataset split) {
        int n = split.size();
        int k = numClasses;
        float[] fused = new float[n * k];
        float[][] unimodal = new float[modalityCount][n * k];
        int[] labels = new int[n];
        int[] all = allIndices(n);
        BatchAssembler assembler = new BatchAssembler(split);
        int batch = config.evaluationBatchSize();
        for (int from = 0; from < n; from += batch) {
            int to = Math.min(n, from + batch);
            System.arraycopy(assembler.labels(all, from, to), 0, labels, from, to - from);
            try (NDScope scope = new NDScope(); NDManager bm = modelManager.newSubManager()) {
                NDList inputs = assembler.inputs(bm, all, from, to);
                ModelOutputs outputs = new ModelOutputs(network.forward(parameterStore, inputs, false), modalityCount);
                System.arraycopy(outputs.fused().toFloatArray(), 0, fused, from * k, (to - from) * k);
                for (int m = 0; m < modalityCount; m++) {
                    System.arraycopy(outputs.unimodal(m).toFloatArray(), 0, unimodal[m], from * k, (to - from) * k);
                }
            }
        }
        float[] summed = new float[n * k];
        for (int i = 0; i < n * k; i++) {
            float v = predictionHeads[0] ? fused[i] : 0f;
            for (int m = 0; m < modalityCount; m++) {
                if (predictionHeads[m + 1]) {
                    v += unimodal[m][i];
                }
            }
            summed[i] = v;
        }
        int[] predictions = ClassificationMetrics.argmax(summed, k);
        double acc = ClassificationMetrics.accuracy(predictions, labels);
        double map = ClassificationMetrics.meanAveragePrecision(ClassificationMetrics.softmax(summed, k), labels, k);
        double f1 = ClassificationMetrics.macroF1(predictions, labels, k);
        double[] loss = new double[n];
        if (lossWeights.fused() > 0) {
            double[] ce = ClassificationMetrics.crossEntropy(fused, labels, k);
            for (int i = 0; i < n; i++) {
                loss[i] += lossWeights.fused() * ce[i];
            }
        }
        Map<String, Double> unimodalAcc = new LinkedHashMap<>();
        for (int m = 0; m < modalityCount; m++) {
            unimodalAcc.put(trainSet.modalities().get(m).name(), ClassificationMetrics.accuracy(ClassificationMetrics.argmax(unimodal[m], k), labels));
            if (lossWeights.unimodal() > 0) {
                double[] ce = ClassificationMetrics.crossEntropy(unimodal[m], labels, k);
                for (int i = 0; i < n; i++) {
                    loss[i] += lossWeights.unimodal() * ce[i];
                }
            }
        }
        double meanLoss = n == 0 ? Double.NaN : Arrays.stream(loss).sum() / n;
        return new SplitMetrics(acc, map, f1, meanLoss, unimodalAcc, SplitMetrics.imbalanceRatio(unimodalAcc));
    }

    // ---- checkpoints ----

    private void writeCheckpoint(Path file, int epoch) {
        try {
            Map<String, byte[]> sections = new LinkedHashMap<>();
            sections.put("parameters", saveParameters());
            sections.put("optimizer", updater.saveState());
            sections.put("scheduler", scheduler.saveState());
            sections.put("method", method.saveState());
            sections.put("online", saveOnline());
            sections.put("history", JSON.writeValueAsBytes(history));
            Checkpoints.write(file, new Checkpoints.Checkpoint(epoch, config.seed(), method.id(), sections));
        } catch (IOException e) {
            throw new UncheckedIOException("writing checkpoint " + file, e);
        }
    }

    private int restore(Path file) {
        try {
            Checkpoints.Checkpoint c = Checkpoints.read(file);
            if (!c.methodId().equals(method.id())) {
                throw new CheckpointFormatException(file + ": checkpoint of method '" + c.methodId() + "', resuming '" + method.id() + "'");
            }
            if (c.seed() != config.seed()) {
                throw new CheckpointFormatException(file + ": checkpoint seed " + c.seed() + ", run seed " + config.seed());
            }
            for (String s : List.of("parameters", "optimizer", "scheduler", "method", "online", "history")) {
                if (!c.sections().containsKey(s)) {
                    throw new CheckpointFormatException(file + ": section '" + s + "' missing");
                }
            }
            loadParameters(file, c.sections().get("parameters"));
            updater.restoreState(c.sections().get("optimizer"));
            scheduler.restoreState(c.sections().get("scheduler"));
            method.restoreState(c.sections().get("method"));
            loadOnline(c.sections().get("online"));
            history.clear();
            history.addAll(JSON.readValue(c.sections().get("history"), new TypeReference<List<EpochReport>>() { }));
            return c.epoch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] saveParameters() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            PairList<String, Parameter> params = network.getParameters();
            out.writeInt(params.size());
            for (Pair<String, Parameter> p : params) {
                out.writeUTF(p.getKey());
                ParameterUpdater.writeArray(out, p.getValue().getArray());
            }
        }
        return bytes.toByteArray();
    }

    private void loadParameters(Path file, byte[] data) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            PairList<String, Parameter> params = network.getParameters();
            int count = in.readInt();
            if (count != params.size()) {
                throw new CheckpointFormatException(file + ": " + count + " parameters, the network has " + params.size());
            }
            for (Pair<String, Parameter> p : params) {
                String name = in.readUTF();
                if (!name.equals(p.getKey())) {
                    throw new CheckpointFormatException(file + ": parameter '" + name + "' where '" + p.getKey() + "' was expected");
                }
                long[] shape = new long[in.readInt()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = in.readLong();
                }
                float[] v = new float[in.readInt()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = in.readFloat();
                }
                NDArray target = p.getValue().getArray();
                if (!target.getShape().equals(new Shape(shape))) {
                    throw new CheckpointFormatException(file + ": parameter '" + name + "' has shape " + new Shape(shape) + ", expected " + target.getShape());
                }
                target.set(FloatBuffer.wrap(v));
            }
        }
    }

    private byte[] saveOnline() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeBoolean(online != null);
            if (online != null) {
                for (double[] row : online) {
                    out.writeInt(row.length);
                    for (double v : row) {
                        out.writeDouble(v);
                    }
                }
            }
        }
        return bytes.toByteArray();
    }

    private void loadOnline(byte[] data) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (!in.readBoolean()) {
                online = null;
                return;
            }
            online = new double[3][];
            for (int r = 0; r < 3; r++) {
                online[r] = new double[in.readInt()];
                for (int i = 0; i < online[r].length; i++) {
                    online[r][i] = in.readDouble();
                }
            }
        }
    }

    private boolean[] resolveHeads(List<String> names) {
        boolean[] heads = new boolean[1 + modalityCount];
        if (names == null) {
            heads[0] = lossWeights.fused() > 0;
            for (int m = 0; m < modalityCount; m++) {
                heads[m + 1] = lossWeights.unimodal() > 0;
            }
            return heads;
        }
        List<String> modalities = trainSet.modalities().stream().map(ModalitySpec::name).toList();
        for (String name : names) {
            if (name.equals("fused")) {
                heads[0] = true;
            } else if (modalities.contains(name)) {
                heads[1 + modalities.indexOf(name)] = true;
            } else {
                throw new IllegalArgumentException("trainer: unknown prediction head '" + name + "'; allowed: fused, " + String.join(", ", modalities));
            }
        }
        return heads;
    }

    /** {@code 0, 1, …, n − 1}: a split in dataset order. */
    private static int[] allIndices(int n) {
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
