package dev.bss.engine.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.bss.engine.data.ModalitySpec;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.model.ModelConfig;
import dev.bss.engine.model.MultimodalNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The scoring pass outside a training run: the network a method trains, rebuilt from its model configuration and
 * loaded with a checkpoint's parameters, scoring any dataset with the run's modalities through the same
 * {@link ScoringPass} the training loop uses. Scoring the training set in slices {@code [k·b, (k+1)·b)} (b =
 * {@link #batchSize}) therefore gives, slice by slice, the statistics the loop computes for those samples from the
 * same parameters; this is what lets the scoring pass run on several machines ({@code bss spark score}).
 *
 * <p>Not thread-safe: one scorer per thread. {@link #close()} frees its native memory.
 */
public final class CheckpointScorer implements AutoCloseable {

    /**
     * The part of a checkpoint a scorer needs.
     *
     * @param epoch the epoch after which the checkpoint was written (its parameters score epoch {@code epoch + 1})
     * @param seed the run seed
     * @param methodId the method that trained it
     * @param parameters the {@code parameters} section, as {@link TrainingCheckpointer} wrote it
     */
    public record Weights(int epoch, long seed, String methodId, byte[] parameters) {
    }

    private final NDManager manager;
    private final MultimodalNetwork network;
    private final ParameterStore parameterStore;
    private final TrainerConfig config;
    private final ParameterUpdater updater;
    private final List<ModalitySpec> modalities;
    private final int numClasses;

    private CheckpointScorer(TrainingMethod method, ModelConfig model, List<ModalitySpec> modalities, int numClasses,
            TrainerConfig config, byte[] parameters) throws IOException {
        this.modalities = List.copyOf(modalities);
        this.numClasses = numClasses;
        this.config = config;
        this.manager = NDManager.newBaseManager();
        try {
            this.network = method.configureModel(model).newNetwork(this.modalities, numClasses);
            Shape[] shapes = new Shape[modalities.size()];
            for (int m = 0; m < shapes.length; m++) {
                shapes[m] = MultimodalTrainer.batchShape(modalities.get(m), 2);
            }
            network.initialize(manager, DataType.FLOAT32, shapes);
            TrainingCheckpointer.loadParameters(network, Path.of("<parameters>"), parameters);
            this.parameterStore = new ParameterStore(manager, false);
            this.updater = new ParameterUpdater(OptimizerSettings.builder().build(), network.getParameters(), manager);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Reads the weights of a checkpoint file (verifying its checksum). */
    public static Weights readWeights(Path checkpoint) throws IOException {
        Checkpoints.Checkpoint c = Checkpoints.read(checkpoint);
        byte[] p = c.sections().get("parameters");
        if (p == null) {
            throw new CheckpointFormatException(checkpoint + ": section 'parameters' missing");
        }
        return new Weights(c.epoch(), c.seed(), c.methodId(), p);
    }

    /**
     * Builds the network as the trainer does ({@code method.configureModel(model)}, initialised for
     * {@code modalities}) and loads {@code parameters} into it.
     *
     * @throws CheckpointFormatException when the parameters do not fit the network (names, count, shapes)
     */
    public static CheckpointScorer create(TrainingMethod method, ModelConfig model, List<ModalitySpec> modalities, int numClasses,
            TrainerConfig config, byte[] parameters) throws IOException {
        return new CheckpointScorer(method, model, modalities, numClasses, config, parameters);
    }

    /** Samples per scoring batch for {@code request} (the slices to score separately must be multiples of it). */
    public int batchSize(ScoringRequest request) {
        return ScoringPass.batchSize(request, config);
    }

    /**
     * The per-sample statistics of {@code data} in {@code request}'s mode, index {@code i} for {@code data.get(i)}.
     * {@link ScoringMode#ONLINE} has nothing recorded here, so it scores a full pass (as the loop's first scoring
     * does), reported as {@link ScoringMode#PASS}.
     */
    public PerSampleStatistics statistics(MultimodalDataset data, ScoringRequest request, int epoch) {
        check(data);
        ScoringPass pass = new ScoringPass(network, parameterStore, manager, data, config, updater);
        // a checkpoint is written after a trained epoch: its BatchNorm running statistics are estimates, as after a resume
        pass.runningStatisticsEstimated();
        return pass.statistics(request, epoch);
    }

    /** The method's balance scores of {@code statistics}, as the training loop asks for them ({@code trainSet} gives the ids). */
    public double[] balanceScores(TrainingMethod method, MultimodalDataset trainSet, PerSampleStatistics statistics) {
        check(trainSet);
        return method.balanceScores(new TrainingContext(network, trainSet, config, updater, manager), statistics);
    }

    private void check(MultimodalDataset data) {
        if (!data.modalities().equals(modalities) || data.numClasses() != numClasses) {
            throw new IllegalArgumentException("scorer: dataset modalities/classes " + data.modalities() + "/" + data.numClasses()
                    + " differ from the network's " + modalities + "/" + numClasses);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
