package dev.bss.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.bss.core.random.RandomStreams;
import dev.bss.engine.data.BatchAssembler;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.model.ModelOutputs;
import dev.bss.engine.model.MultimodalNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The batch body of the one training loop, shared by the loop's epochs ({@link MultimodalTrainer}) and by methods'
 * inner passes ({@link TrainingContext#trainPass}). For each batch of a sequence, in its own {@link NDScope} and
 * sub-manager: the batch's inputs (augmented when configured), one training-mode forward pass; then for each sub-step
 * {@code s < method.subSteps(batch)}: {@code loss} → {@code objectiveHeads} → backward (the graph is kept until the
 * last sub-step) → {@code afterBackward} → {@code optimizerStep};
 * then {@code afterStep}. A non-finite sub-step loss stops the run with {@link NonFiniteLossException}.
 */
final class BatchLoop {

    /** What the loop's own epochs add to a batch (online scoring statistics, listeners); inner passes have none. */
    interface Observer {
        /** After the first sub-step's {@code afterBackward}, with the forward pass's outputs. */
        void afterFirstBackward(ModelOutputs outputs, NDArray oneHot, int[] indices);

        /** After {@code afterStep}, with the batch's loss (the sum over its sub-steps). */
        void afterBatch(int epoch, int batchIndex, int batchCount, double loss);
    }

    private final MultimodalNetwork network;
    private final ParameterStore parameterStore;
    private final NDManager modelManager;
    private final MultimodalDataset trainSet;
    private final BatchAssembler assembler;
    private final TrainerConfig config;
    private final TrainingContext context;
    private final int modalityCount;
    private final int numClasses;
    private boolean running;
    /** Which heads each default objective trains (the loop's, and inner passes' own). */
    private final Map<LossWeights, ObjectiveHeads> objectiveHeads = new HashMap<>();

    BatchLoop(MultimodalNetwork network, ParameterStore parameterStore, NDManager modelManager, MultimodalDataset trainSet,
            TrainerConfig config, TrainingContext context) {
        this.network = network;
        this.parameterStore = parameterStore;
        this.modelManager = modelManager;
        this.trainSet = trainSet;
        this.assembler = new BatchAssembler(trainSet);
        this.config = config;
        this.context = context;
        this.modalityCount = trainSet.modalities().size();
        this.numClasses = trainSet.numClasses();
    }

    /**
     * Trains on {@code sequence} in batches of the configured size (drop-last as configured) with {@code method}'s
     * batch hooks and default objective {@code weights}.
     *
     * @return {mean batch loss (NaN without batches), samples visited}
     * @throws IllegalStateException when called while a batch of this loop is running (from a batch hook)
     */
    double[] run(int epoch, int[] sequence, double lr, TrainingMethod method, LossWeights weights, Observer observer) {
        if (running) {
            throw new IllegalStateException("method " + method.id() + ": a training pass cannot start inside a batch; call it from an epoch hook");
        }
        running = true;
        try {
            int batch = config.batchSize();
            int batches = config.dropLast() ? sequence.length / batch : (sequence.length + batch - 1) / batch;
            double lossSum = 0;
            int samples = 0;
            for (int b = 0; b < batches; b++) {
                int from = b * batch;
                int to = Math.min(from + batch, sequence.length);
                double lossValue = batch(epoch, b, batches, sequence, from, to, lr, method, weights, observer);
                method.afterStep(context, epoch, b);
                lossSum += lossValue;
                samples += to - from;
                if (observer != null) {
                    observer.afterBatch(epoch, b, batches, lossValue);
                }
            }
            return new double[] {batches == 0 ? Double.NaN : lossSum / batches, samples};
        } finally {
            running = false;
        }
    }

    private double batch(int epoch, int b, int batches, int[] sequence, int from, int to, double lr, TrainingMethod method, LossWeights weights,
            Observer observer) {
        int[] indices = Arrays.copyOfRange(sequence, from, to);
        int[] labels = assembler.labels(sequence, from, to);
        try (NDScope scope = new NDScope(); NDManager bm = modelManager.newSubManager()) {
            NDList inputs = config.augmentation() == null ? assembler.inputs(bm, sequence, from, to)
                    : assembler.inputs(bm, sequence, from, to, config.augmentation(),
                            RandomStreams.of(config.seed(), RandomStreams.TRAINING_AUGMENTATION, RandomStreams.batchIndex(epoch, b)));
            NDArray oneHot = BatchAssembler.oneHot(bm, labels, numClasses);
            BatchContext context0;
            int subSteps;
            double lossValue;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                ModelOutputs outputs = new ModelOutputs(network.forward(parameterStore, inputs, true), modalityCount);
                context0 = new BatchContext(context, epoch, b, batches, indices, labels, oneHot, inputs, outputs, bm, parameterStore, 0);
                subSteps = method.subSteps(context0);
                if (subSteps < 1) {
                    throw new IllegalStateException("method " + method.id() + ": subSteps must be >= 1, got " + subSteps);
                }
                lossValue = backward(collector, context0, method, weights, subSteps > 1);
            }
            method.afterBackward(context0);
            if (observer != null) {
                observer.afterFirstBackward(context0.outputs(), oneHot, indices);
            }
            method.optimizerStep(context0, lr);
            for (int s = 1; s < subSteps; s++) {
                BatchContext cs = context0.atSubStep(s);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    lossValue += backward(collector, cs, method, weights, s < subSteps - 1);
                }
                method.afterBackward(cs);
                method.optimizerStep(cs, lr);
            }
            return lossValue;
        }
    }

    /** One sub-step's loss and back-propagation; returns the loss value. */
    private double backward(GradientCollector collector, BatchContext batch, TrainingMethod method, LossWeights weights, boolean keepGraph) {
        NDArray loss = method.loss(batch, Objectives.batchLoss(batch.outputs(), batch.oneHotLabels(), weights));
        ObjectiveHeads heads = objectiveHeads.computeIfAbsent(weights, w -> new ObjectiveHeads(network, w));
        batch.setParametersWithoutGradient(heads.unusedParameters(method.objectiveHeads(batch, heads.implied()), method.id()));
        double value = loss.getFloat();
        if (!Double.isFinite(value)) {
            List<String> ids = new ArrayList<>();
            for (int i : batch.sampleIndices()) {
                ids.add(trainSet.get(i).id());
            }
            throw new NonFiniteLossException(batch.epoch(), batch.batchIndex(), value, ids,
                    NonFiniteDiagnosis.firstNonFinite(network, parameterStore, batch.inputs(), trainSet.modalities(), ids));
        }
        if (keepGraph) {
            GraphKeepingBackward.backward(loss);
        } else {
            collector.backward(loss);
        }
        return value;
    }
}
