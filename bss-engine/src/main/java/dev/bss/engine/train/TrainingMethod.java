package dev.bss.engine.train;

import ai.djl.ndarray.NDArray;
import dev.bss.core.schedule.SequenceScheduler;
import dev.bss.engine.model.ModelConfig;
import dev.bss.engine.model.ModelOutputs;
import java.util.Set;

/**
 * The method seam: one interface with default no-op hooks, grouped by what a method changes. The training loop
 * ({@link MultimodalTrainer}) calls them in a fixed order and never branches on the method:
 *
 * <pre>
 * heldOutFraction → configureModel → onModelReady → sequenceScheduler
 * for each epoch t = 1..E:
 *   onEpochStart(t)
 *   [if scheduler.needsScores(t): scoringRequest → (scoring) → balanceScores → scheduler.updateScores]
 *   scheduler.sequence(t) (minus the held-out samples)
 *   for each batch: (forward) → subSteps
 *     for each sub-step s: loss → objectiveHeads → (backward) → afterBackward → optimizerStep
 *     afterStep
 *   (evaluation on val/test, predictions from prediction) → onEpochEnd(report)
 * </pre>
 *
 * Data-level methods (BSS) implement the data hooks; gradient methods (OGM-GE, AGM, PMR, ...) implement
 * {@link #afterBackward}; objective methods implement {@link #lossWeights()} / {@link #loss}; fusion methods
 * implement {@link #configureModel}. Composition of a data-level and a gradient method therefore needs no glue.
 * Methods that optimise a batch in several steps (MLA: one per modality) use {@link #subSteps} and
 * {@link #optimizerStep}; methods with their own optimisers (per phase, per module) override {@link #optimizerStep};
 * methods that estimate something on held-out training samples (Gradient-Blending) use {@link #heldOutFraction()}
 * and {@link TrainingContext#trainPass} (a pass through this same batch code with other hooks); methods with a
 * test-time rule implement {@link #prediction}. The default of every hook is the plain loop.
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

    /**
     * Fraction of the training set held out from training for the method's own estimates, in {@code [0, 1)}; 0 (the
     * default) holds nothing out. The loop draws the held-out samples once, seeded by the run seed
     * ({@link HeldOutSplit}), exposes them as {@link TrainingContext#heldOutIndices()}, and removes them from every
     * epoch's sequence. Called once, before {@link #configureModel}.
     */
    default double heldOutFraction() {
        return 0;
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
     * Back-propagations (sub-steps) of this batch, at least 1 (the default). The loop runs the forward pass once,
     * then for each sub-step {@code s = 0..S−1} ({@link BatchContext#subStep()}): {@link #loss} → backward →
     * {@link #afterBackward} → {@link #optimizerStep}. The autograd graph of the forward pass is kept until the last
     * sub-step, so a later sub-step may back-propagate through outputs of the forward pass, provided the parameters
     * they were computed from were not changed in place by an earlier step (recompute what depends on stepped
     * parameters, e.g. {@link dev.bss.engine.model.MultimodalNetwork#headLogits}). The reported batch loss is the
     * sum of the sub-steps' losses. Called once per batch, after the forward pass.
     */
    default int subSteps(BatchContext batch) {
        return 1;
    }

    /**
     * Called after back-propagation and before the optimiser step. Gradients are readable and writable in place
     * through {@link BatchContext#gradients(int)} (per modality encoder) and {@link BatchContext#gradient}.
     */
    default void afterBackward(BatchContext batch) {
    }

    /**
     * The optimiser step of one sub-step, called after {@link #afterBackward}. The default steps the run's optimiser
     * ({@link TrainingContext#updater()}) with {@code learningRate} (the epoch's rate) over every trainable parameter
     * but those the objective did not reach ({@link BatchContext#parametersWithoutGradient()}) and zeroes the
     * gradients. A method with its own optimisers (per module, per phase, re-created per
     * stage) steps them here instead; it must leave every gradient zero for the next sub-step or batch.
     */
    default void optimizerStep(BatchContext batch, double learningRate) {
        batch.context().updater().step(learningRate, batch.parametersWithoutGradient());
    }

    /** Called after the optimiser step of a batch (the batch's arrays are closed by then). */
    default void afterStep(TrainingContext context, int epoch, int batchIndex) {
    }

    // ---- prediction ----

    /**
     * The test-time prediction rule: scores {@code {B, K}} whose arg-max is the prediction and whose softmax gives
     * the class probabilities (mean average precision), computed from one batch of eval-mode outputs (no gradient;
     * arrays live in the manager of {@code outputs}). {@code null} (the default) = the sum of the configured heads'
     * logits ({@link TrainerConfig#predictionHeads()}). Used by every evaluation of the validation and test splits.
     */
    default NDArray prediction(ModelOutputs outputs) {
        return null;
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
