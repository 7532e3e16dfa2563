package dev.bss.engine.train;

import ai.djl.ndarray.NDArray;
import dev.bss.core.schedule.SequenceScheduler;
import dev.bss.engine.model.ModelConfig;
import java.util.Set;

/**
 * The method seam: one interface with default no-op hooks, grouped by what a method changes. The training loop
 * ({@link MultimodalTrainer}) calls them in a fixed order and never branches on the method:
 *
 * <pre>
 * configureModel → onModelReady → sequenceScheduler
 * for each epoch t = 1..E:
 *   onEpochStart(t)
 *   [if scheduler.needsScores(t): scoringRequest → (scoring) → balanceScores → scheduler.updateScores]
 *   scheduler.sequence(t)
 *   for each batch: loss → objectiveHeads → (backward) → afterBackward → (optimizer step) → afterStep
 *   (evaluation on val/test) → onEpochEnd(report)
 * </pre>
 *
 * Data-level methods (BSS) implement the data hooks; gradient methods (OGM-GE, AGM, PMR, ...) implement
 * {@link #afterBackward}; objective methods implement {@link #lossWeights()} / {@link #loss}; fusion methods
 * implement {@link #configureModel}. Composition of a data-level and a gradient method therefore needs no glue.
 */
public interface TrainingMethod {

    /** The stable id ({@code vanilla}, {@code bss-l}, ...). */
    String id();

    // ---- data ----

    /**
     * The scheduler that decides each epoch's sample sequence, or {@code null} for the engine default (a seeded
     * uniform shuffle of all samples every epoch). Called once, after the model is ready.
     */
    default SequenceScheduler sequenceScheduler(TrainingContext context) {
        return null;
    }

    /** What to compute when the scheduler asks for scores; {@code null} if this method never needs scores. */
    default ScoringRequest scoringRequest() {
        return null;
    }

    /**
     * Turns raw statistics into balance scores (higher = more balanced), one per training sample, e.g. with
     * {@code BalanceMeasurer}. Called only when the scheduler asks for scores; {@code statistics} is {@code null} when the
     * method's scoring request is {@link ScoringMode#TABLE} (the method reads its scores itself).
     */
    default double[] balanceScores(TrainingContext context, PerSampleStatistics statistics) {
        throw new UnsupportedOperationException("method " + id() + " has a scheduler that asks for scores but no balanceScores hook");
    }

    // ---- forward ----

    /** May change the model configuration (fusion, encoders) before the network is built. */
    default ModelConfig configureModel(ModelConfig config) {
        return config;
    }

    /** Called once the network is initialised (parameters exist); a method may keep references it needs. */
    default void onModelReady(TrainingContext context) {
    }

    // ---- objective ----

    /** Weights of the default objective (fused and unimodal cross-entropies). */
    default LossWeights lossWeights() {
        return LossWeights.FUSED_ONLY;
    }

    /**
     * The batch objective. {@code defaultLoss} is the weighted sum of cross-entropies given by {@link #lossWeights()}.
     * The returned scalar is what is back-propagated; it must be built from the batch's arrays (inside the gradient
     * collector).
     */
    default NDArray loss(BatchContext batch, NDArray defaultLoss) {
        return defaultLoss;
    }

    /**
     * The heads the objective returned by {@link #loss} reaches, by name ({@value LossWeights#FUSED_HEAD} and the
     * modality names). {@code heads} is what {@link #lossWeights()} implies ({@link LossWeights#trainedHeads}), or in a
     * composition the previous part's answer. The optimiser leaves every parameter of the other heads untouched in this
     * step: no weight decay, no momentum, no Adam moments, as PyTorch does for a parameter without a gradient. A method
     * whose {@code loss} drops a head its loss weights include, or adds one they leave out, says so here. Called once
     * per batch, after {@code loss}; keep it cheap.
     */
    default Set<String> objectiveHeads(BatchContext batch, Set<String> heads) {
        return heads;
    }

    // ---- optimisation ----

    /**
     * Called after back-propagation and before the optimiser step. Gradients are readable and writable in place
     * through {@link BatchContext#gradients(int)} (per modality encoder) and {@link BatchContext#gradient}.
     */
    default void afterBackward(BatchContext batch) {
    }

    /** Called after the optimiser step of a batch (the batch's arrays are closed by then). */
    default void afterStep(TrainingContext context, int epoch, int batchIndex) {
    }

    // ---- lifecycle ----

    default void onEpochStart(TrainingContext context, int epoch) {
    }

    default void onEpochEnd(TrainingContext context, EpochReport report) {
    }

    /** Method state for checkpoints (e.g. EMA statistics); empty by default. */
    default byte[] saveState() {
        return new byte[0];
    }

    /** Restores what {@link #saveState()} returned. */
    default void restoreState(byte[] state) {
    }
}
