package dev.bss.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.ParameterStore;
import dev.bss.engine.data.BatchAssembler;
import dev.bss.engine.data.ModalitySpec;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.metrics.ClassificationMetrics;
import dev.bss.engine.metrics.SplitMetrics;
import dev.bss.engine.model.ModelOutputs;
import dev.bss.engine.model.MultimodalNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluation of a split in eval mode without gradients: the prediction is the method's test-time rule
 * ({@link TrainingMethod#prediction}) or, without one, the sum of the logits of the configured heads
 * ({@code prediction-heads}; by default the heads the objective trains), scored by accuracy, mean average
 * precision and macro-F1, plus each unimodal head's accuracy; and the frozen embeddings linear probes read.
 */
public final class SplitEvaluator {

    private final MultimodalNetwork network;
    private final ParameterStore parameterStore;
    private final NDManager modelManager;
    private final List<ModalitySpec> modalities;
    private final int numClasses;
    private final LossWeights lossWeights;
    private final int batchSize;
    /** Index 0: fused head; 1 + m: unimodal head of modality m. */
    private final boolean[] predictionHeads;
    /** The method whose test-time rule ({@link TrainingMethod#prediction}) replaces the heads' sum when it has one. */
    private final TrainingMethod method;

    SplitEvaluator(MultimodalNetwork network, ParameterStore parameterStore, NDManager modelManager, MultimodalDataset trainSet,
            LossWeights lossWeights, TrainerConfig config, TrainingMethod method) {
        this.method = method;
        this.network = network;
        this.parameterStore = parameterStore;
        this.modelManager = modelManager;
        this.modalities = trainSet.modalities();
        this.numClasses = trainSet.numClasses();
        this.lossWeights = lossWeights;
        this.batchSize = config.evaluationBatchSize();
        this.predictionHeads = resolveHeads(config.predictionHeads());
    }

    /** Heads summed for predictions, as names ({@code fused}, modality names). */
    public List<String> predictionHeads() {
        List<String> names = new ArrayList<>();
        for (int h = 0; h < predictionHeads.length; h++) {
            if (predictionHeads[h]) {
                names.add(h == 0 ? "fused" : modalities.get(h - 1).name());
            }
        }
        return names;
    }

    /** Evaluates a split in eval mode without gradients. */
    public SplitMetrics evaluate(MultimodalDataset split) {
        int modalityCount = modalities.size();
        int n = split.size();
        int k = numClasses;
        float[] fused = new float[n * k];
        float[][] unimodal = new float[modalityCount][n * k];
        float[] ruled = null;
        int[] labels = new int[n];
        int[] all = MultimodalTrainer.allIndices(n);
        BatchAssembler assembler = new BatchAssembler(split);
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            System.arraycopy(assembler.labels(all, from, to), 0, labels, from, to - from);
            try (NDScope scope = new NDScope(); NDManager bm = modelManager.newSubManager()) {
                NDList inputs = assembler.inputs(bm, all, from, to);
                ModelOutputs outputs = new ModelOutputs(network.forward(parameterStore, inputs, false), modalityCount);
                System.arraycopy(outputs.fused().toFloatArray(), 0, fused, from * k, (to - from) * k);
                for (int m = 0; m < modalityCount; m++) {
                    System.arraycopy(outputs.unimodal(m).toFloatArray(), 0, unimodal[m], from * k, (to - from) * k);
                }
                NDArray rule = method.prediction(outputs);
                if (rule != null) {
                    if (rule.size() != (long) (to - from) * k) {
                        throw new IllegalStateException("method " + method.id() + ": prediction has shape " + rule.getShape() + ", expected ("
                                + (to - from) + ", " + k + ")");
                    }
                    ruled = ruled == null ? new float[n * k] : ruled;
                    System.arraycopy(rule.toFloatArray(), 0, ruled, from * k, (to - from) * k);
                }
            }
        }
        float[] summed = ruled != null ? ruled : new float[n * k];
        for (int i = 0; ruled == null && i < n * k; i++) {
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
            unimodalAcc.put(modalities.get(m).name(), ClassificationMetrics.accuracy(ClassificationMetrics.argmax(unimodal[m], k), labels));
            if (lossWeights.unimodal() > 0) {
                double[] ce = ClassificationMetrics.crossEntropy(unimodal[m], labels, k);
                for (int i = 0; i < n; i++) {
                    loss[i] += lossWeights.unimodal() * ce[i];
                }
            }
        }
        if (lossWeights.sumOfHeads() > 0) {
            float[] headSum = new float[n * k];
            for (int m = 0; m < modalityCount; m++) {
                for (int i = 0; i < n * k; i++) {
                    headSum[i] += unimodal[m][i];
                }
            }
            double[] ce = ClassificationMetrics.crossEntropy(headSum, labels, k);
            for (int i = 0; i < n; i++) {
                loss[i] += lossWeights.sumOfHeads() * ce[i];
            }
        }
        double meanLoss = n == 0 ? Double.NaN : Arrays.stream(loss).sum() / n;
        return new SplitMetrics(acc, map, f1, meanLoss, unimodalAcc, SplitMetrics.imbalanceRatio(unimodalAcc));
    }

    /**
     * The frozen embedding of one modality for every sample of {@code split} (eval mode, no gradient), row-major
     * {@code n × D}; for linear probes.
     */
    public float[][] embeddings(MultimodalDataset split, int modality) {
        int modalityCount = modalities.size();
        if (modality < 0 || modality >= modalityCount) {
            throw new IllegalArgumentException("trainer: modality index " + modality + " out of range 0.." + (modalityCount - 1));
        }
        int n = split.size();
        float[][] out = new float[n][];
        int[] all = MultimodalTrainer.allIndices(n);
        BatchAssembler assembler = new BatchAssembler(split);
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
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

    private boolean[] resolveHeads(List<String> names) {
        boolean[] heads = new boolean[1 + modalities.size()];
        List<String> modalityNames = modalities.stream().map(ModalitySpec::name).toList();
        for (String name : names == null ? lossWeights.trainedHeads(modalityNames) : names) {
            if (name.equals("fused")) {
                heads[0] = true;
            } else if (modalityNames.contains(name)) {
                heads[1 + modalityNames.indexOf(name)] = true;
            } else {
                throw new IllegalArgumentException("trainer: unknown prediction head '" + name + "'; allowed: fused, " + String.join(", ", modalityNames));
            }
        }
        return heads;
    }
}
