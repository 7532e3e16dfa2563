package dev.bss.engine.train;

import ai.djl.ndarray.NDManager;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.model.MultimodalNetwork;
import java.util.List;

/**
 * What hooks may see of a running training: the network (encoders, heads, fusion and their parameters), the
 * training set, the configuration and the optimiser. Hooks must not close anything they get from here.
 */
public final class TrainingContext {

    private final MultimodalNetwork network;
    private final MultimodalDataset trainSet;
    private final TrainerConfig config;
    private final ParameterUpdater updater;
    private final NDManager modelManager;
    private MultimodalDataset validationSet;
    private MultimodalDataset testSet;
    private HeldOutSplit heldOut;
    private BatchLoop batchLoop;

    TrainingContext(MultimodalNetwork network, MultimodalDataset trainSet, TrainerConfig config, ParameterUpdater updater,
            NDManager modelManager) {
        this.network = network;
        this.trainSet = trainSet;
        this.config = config;
        this.updater = updater;
        this.modelManager = modelManager;
    }

    public MultimodalNetwork network() {
        return network;
    }

    public MultimodalDataset trainSet() {
        return trainSet;
    }

    public TrainerConfig config() {
        return config;
    }

    public ParameterUpdater updater() {
        return updater;
    }

    /** Manager for long-lived method state (closed with the trainer). */
    public NDManager modelManager() {
        return modelManager;
    }

    public List<String> modalityNames() {
        return network.modalityNames();
    }

    public int numClasses() {
        return network.numClasses();
    }

    /** Records the evaluation splits (called once by the trainer; either may be {@code null}). */
    void attachEvaluationSets(MultimodalDataset validation, MultimodalDataset test) {
        this.validationSet = validation;
        this.testSet = test;
    }

    /**
     * The validation split, or {@code null} when the run has none. Methods that adapt on held-out statistics
     * (MSES, MSLR) read it; they must not train on it.
     */
    public MultimodalDataset validationSet() {
        return validationSet;
    }

    /** The test split, or {@code null} when the run has none (for methods reproducing codes that adapt on it). */
    public MultimodalDataset testSet() {
        return testSet;
    }

    /** Records the held-out split and the batch code (called once by the trainer). */
    void attachLoop(HeldOutSplit heldOut, BatchLoop batchLoop) {
        this.heldOut = heldOut;
        this.batchLoop = batchLoop;
    }

    /**
     * Training-set indices held out from training ({@link TrainingMethod#heldOutFraction()}), sorted; empty when the
     * method holds nothing out. Never trained on by the loop.
     */
    public int[] heldOutIndices() {
        return heldOut == null ? new int[0] : heldOut.indices();
    }

    /** Training-set indices the loop trains on (all but the held-out ones), in increasing order. */
    public int[] trainingIndices() {
        if (heldOut == null) {
            int[] all = new int[trainSet.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        return heldOut.kept();
    }

    /**
     * Trains the network on {@code sequence} (training-set indices) through the loop's own batch code, with the
     * batch hooks of {@code hooks} ({@link TrainingMethod#loss}, {@link TrainingMethod#subSteps},
     * {@link TrainingMethod#afterBackward}, {@link TrainingMethod#optimizerStep}, {@link TrainingMethod#afterStep})
     * and its {@link TrainingMethod#lossWeights()} as the default objective. Listeners and online scoring see
     * nothing of it. For methods that train temporarily (Gradient-Blending's weight estimation on a snapshot of the
     * model, restored afterwards); call it from an epoch hook, never from inside a batch.
     *
     * @return the mean batch loss of the pass (NaN when the sequence holds less than one batch under drop-last)
     */
    public double trainPass(int epoch, int[] sequence, double learningRate, TrainingMethod hooks) {
        if (batchLoop == null) {
            throw new IllegalStateException("trainPass: the trainer is not built yet");
        }
        return batchLoop.run(epoch, sequence, learningRate, hooks, hooks.lossWeights(), null)[0];
    }

    /** The run seed; derive method streams from it. */
    public long seed() {
        return config.seed();
    }
}
