package dev.bss.engine.train;

import ai.djl.engine.Engine;
import dev.bss.engine.nd.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.bss.core.random.RandomStreams;
import dev.bss.engine.data.BatchAssembler;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.model.ModelOutputs;
import dev.bss.engine.model.MultimodalNetwork;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The scoring pass: per-sample statistics of the training set (prediction similarity, feature similarity, total
 * loss, optionally gradient magnitude) in one of the {@link ScoringMode}s, and the statistics recorded from the
 * training forward passes for {@link ScoringMode#ONLINE}. It reads the network; it never steps the optimiser.
 */
public final class ScoringPass {

    private final MultimodalNetwork network;
    private final ParameterStore parameterStore;
    private final NDManager modelManager;
    private final MultimodalDataset trainSet;
    private final TrainerConfig config;
    private final ParameterUpdater updater;
    private final int modalityCount;
    private final int numClasses;
    /** Whether the BatchNorm running statistics hold estimates (false from initialisation until the first epoch). */
    private boolean runningStatisticsEstimated;
    /** Online statistics (rows as in {@link #batchStatistics}), or null until the first pass fills them. */
    private double[][] online;

    ScoringPass(MultimodalNetwork network, ParameterStore parameterStore, NDManager modelManager, MultimodalDataset trainSet,
            TrainerConfig config, ParameterUpdater updater) {
        this.network = network;
        this.parameterStore = parameterStore;
        this.modelManager = modelManager;
        this.trainSet = trainSet;
        this.config = config;
        this.updater = updater;
        this.modalityCount = trainSet.modalities().size();
        this.numClasses = trainSet.numClasses();
    }

    /**
     * Per-sample statistics of the training set in the requested mode. It does not touch the scheduler.
     *
     * @param epoch the epoch they are computed for (recorded in the result)
     */
    public PerSampleStatistics statistics(ScoringRequest request, int epoch) {
        int n = trainSet.size();
        ScoringMode mode = request.mode();
        if (mode == ScoringMode.ONLINE && online != null) {
            return new PerSampleStatistics(epoch, ScoringMode.ONLINE, online[0].clone(), online[1].clone(), online[2].clone(),
                    request.gradientMagnitude() ? gradientMagnitudes(request, false) : null);
        }
        boolean referenceStyle = mode == ScoringMode.REFERENCE_CODE;
        int batch = batchSize(request, config);
        int[] all = MultimodalTrainer.allIndices(n);
        double[][] stats = new double[3][n];
        BatchAssembler assembler = new BatchAssembler(trainSet);
        // eval mode on running statistics that no training batch has estimated yet would score an un-normalised
        // network (mean 0 / variance 1 at initialisation): estimate them from the training set first, and put the
        // initial values back afterwards, so that scoring has no side effect on training
        RunningStatistics initial = !referenceStyle && !runningStatisticsEstimated ? estimateRunningStatistics(assembler, all, batch) : null;
        for (int from = 0; from < n; from += batch) {
            int to = Math.min(n, from + batch);
            try (NDScope scope = new NDScope(); NDManager bm = modelManager.newSubManager()) {
                // the reference code scores with the training transforms
                NDList inputs = referenceStyle && config.augmentation() != null
                        ? assembler.inputs(bm, all, from, to, config.augmentation(),
                                RandomStreams.of(config.seed(), RandomStreams.SCORING_AUGMENTATION, RandomStreams.batchIndex(epoch, from / batch)))
                        : assembler.inputs(bm, all, from, to);
                NDArray oneHot = BatchAssembler.oneHot(bm, assembler.labels(all, from, to), numClasses);
                float[] s;
                if (referenceStyle) {
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        ModelOutputs outputs = new ModelOutputs(network.forward(parameterStore, inputs, true), modalityCount);
                        s = batchStatistics(outputs, oneHot, request);
                    }
                } else {
                    ModelOutputs outputs = new ModelOutputs(network.forward(parameterStore, inputs, false), modalityCount);
                    s = batchStatistics(outputs, oneHot, request);
                }
                int b = to - from;
                for (int i = 0; i < b; i++) {
                    stats[0][from + i] = s[i];
                    stats[1][from + i] = s[b + i];
                    stats[2][from + i] = s[2 * b + i];
                }
            }
        }
        if (initial != null) {
            initial.restore();
        }
        if (mode == ScoringMode.ONLINE) {
            online = new double[][] {stats[0].clone(), stats[1].clone(), stats[2].clone()};
        }
        double[] gradients = request.gradientMagnitude() ? gradientMagnitudes(request, referenceStyle) : null;
        return new PerSampleStatistics(epoch, mode == ScoringMode.ONLINE ? ScoringMode.PASS : mode, stats[0], stats[1], stats[2], gradients);
    }

    /**
     * Samples per scoring batch: the request's batch size if set, else the training batch size for
     * {@link ScoringMode#REFERENCE_CODE}, else the evaluation batch size. Samples {@code [k·b, (k+1)·b)} form batch
     * {@code k}.
     */
    static int batchSize(ScoringRequest request, TrainerConfig config) {
        return request.batchSize() > 0 ? request.batchSize()
                : request.mode() == ScoringMode.REFERENCE_CODE ? config.batchSize() : config.evaluationBatchSize();
    }

    /**
     * Records one training batch's statistics for {@link ScoringMode#ONLINE} (no-op until the first scoring pass has
     * filled every sample's value).
     */
    void recordOnline(ModelOutputs outputs, NDArray oneHot, int[] indices, ScoringRequest request) {
        if (online == null) {
            return;
        }
        float[] s = batchStatistics(outputs, oneHot, request);
        int b = indices.length;
        for (int i = 0; i < b; i++) {
            online[0][indices[i]] = s[i];
            online[1][indices[i]] = s[b + i];
            online[2][indices[i]] = s[2 * b + i];
        }
    }

    /**
     * Records that the BatchNorm running statistics now hold estimates (a training epoch ran, precise BN recomputed
     * them, or a checkpoint restored them); until then an eval-mode pass estimates them first.
     */
    void runningStatisticsEstimated() {
        runningStatisticsEstimated = true;
    }

    /**
     * Sets every BatchNorm's running statistics to the precise-BN average over the training set ({@code batch}-sized
     * batches in dataset order, the last partial batch left out unless it is the only one) and returns the values
     * they had, to be restored; {@code null} when the network has no BatchNorm.
     */
    private RunningStatistics estimateRunningStatistics(BatchAssembler assembler, int[] all, int batch) {
        RunningStatistics before = RunningStatistics.capture(network, modelManager);
        if (before == null) {
            return null;
        }
        int size = Math.min(batch, all.length);
        PreciseBatchNorm.recompute(network, parameterStore, modelManager, assembler, all, size, all.length / size);
        return before;
    }

    /** Rows: prediction similarity, feature similarity, total loss; columns: batch samples. */
    private float[] batchStatistics(ModelOutputs outputs, NDArray oneHot, ScoringRequest request) {
        NDArray total = Objectives.perSampleLoss(outputs, oneHot, request.lossWeights());
        NDArray predictionSimilarity = null;
        NDArray featureSimilarity = null;
        int pairs = 0;
        for (int i = 0; i < modalityCount; i++) {
            for (int j = i + 1; j < modalityCount; j++) {
                NDArray p = request.logitSimilarity() ? Objectives.cosine(outputs.unimodal(i), outputs.unimodal(j))
                        : Objectives.cosine(outputs.unimodal(i).softmax(1), outputs.unimodal(j).softmax(1));
                NDArray f = Objectives.cosine(outputs.embedding(i), outputs.embedding(j));
                predictionSimilarity = predictionSimilarity == null ? p : predictionSimilarity.add(p);
                featureSimilarity = featureSimilarity == null ? f : featureSimilarity.add(f);
                pairs++;
            }
        }
        if (pairs == 0) {
            predictionSimilarity = total.zerosLike().add(1f);
            featureSimilarity = total.zerosLike().add(1f);
        } else if (pairs > 1) {
            predictionSimilarity = Scalars.over(predictionSimilarity, pairs);
            featureSimilarity = Scalars.over(featureSimilarity, pairs);
        }
        return NDArrays.stack(new NDList(predictionSimilarity, featureSimilarity, total)).toFloatArray();
    }

    /**
     * Per-sample gradient magnitude, batch of one: {@code Σ_tensors ‖∇_θ l_total‖₂} (the [OLD] reference code's
     * definition). Gradients are zeroed before and after each sample. Slow: one forward and backward per sample.
     */
    private double[] gradientMagnitudes(ScoringRequest request, boolean trainMode) {
        int n = trainSet.size();
        double[] out = new double[n];
        int[] all = MultimodalTrainer.allIndices(n);
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
                    collector.backward(Objectives.perSampleLoss(outputs, oneHot, request.lossWeights()).sum());
                }
                double sum = 0;
                for (Parameter p : trainable) {
                    NDArray g = p.getArray().getGradient();
                    sum += g.norm().getFloat();
                    Scalars.timesInPlace(g, 0f);
                }
                out[i] = sum;
            }
        }
        return out;
    }

    /** The online statistics for a checkpoint. */
    byte[] saveState() throws IOException {
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

    /** Restores what {@link #saveState()} wrote. */
    void restoreState(byte[] data) throws IOException {
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
}
