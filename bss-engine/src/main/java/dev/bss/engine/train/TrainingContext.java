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

    /** The run seed; derive method streams from it. */
    public long seed() {
        return config.seed();
    }
}
