package dev.bss.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.bss.engine.model.ModelOutputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One training batch as hooks see it: its sample indices and labels, the model outputs (fused and unimodal logits,
 * embeddings), and access to gradients after back-propagation. Every array obtained here belongs to the batch's
 * manager and is closed when the batch ends; gradients are views of the parameters' gradient buffers, so in-place
 * changes ({@code muli}) modulate the update. A batch optimised in several sub-steps
 * ({@link TrainingMethod#subSteps}) gets one context per sub-step, equal but for {@link #subStep()}.
 */
public final class BatchContext {

    private final TrainingContext context;
    private final int epoch;
    private final int batchIndex;
    private final int batchCount;
    private final int[] indices;
    private final int[] labels;
    private final NDArray oneHotLabels;
    private final NDList inputs;
    private final ModelOutputs outputs;
    private final NDManager manager;
    private final ParameterStore parameterStore;
    private final int subStep;
    /** Parameters this sub-step's objective does not reach ({@link TrainingMethod#objectiveHeads}); set after loss. */
    private Set<Parameter> withoutGradient = Set.of();

    BatchContext(TrainingContext context, int epoch, int batchIndex, int batchCount, int[] indices, int[] labels, NDArray oneHotLabels,
            NDList inputs, ModelOutputs outputs, NDManager manager, ParameterStore parameterStore, int subStep) {
        this.context = context;
        this.epoch = epoch;
        this.batchIndex = batchIndex;
        this.batchCount = batchCount;
        this.indices = indices;
        this.labels = labels;
        this.oneHotLabels = oneHotLabels;
        this.inputs = inputs;
        this.outputs = outputs;
        this.manager = manager;
        this.parameterStore = parameterStore;
        this.subStep = subStep;
    }

    /** The same batch at sub-step {@code s}. */
    BatchContext atSubStep(int s) {
        return new BatchContext(context, epoch, batchIndex, batchCount, indices, labels, oneHotLabels, inputs, outputs, manager,
                parameterStore, s);
    }

    /**
     * The parameters this sub-step's objective does not reach (every parameter of a head left out by
     * {@link TrainingMethod#objectiveHeads}); the run's optimiser skips them in {@link TrainingMethod#optimizerStep}, as
     * PyTorch skips a parameter without a gradient. Known after {@code loss}.
     */
    public Set<Parameter> parametersWithoutGradient() {
        return withoutGradient;
    }

    void setParametersWithoutGradient(Set<Parameter> parameters) {
        this.withoutGradient = parameters;
    }

    /** The sub-step being run, from 0 ({@link TrainingMethod#subSteps}); 0 for single-step methods. */
    public int subStep() {
        return subStep;
    }

    /**
     * The parameter store of the training forward pass: run blocks of the network with it inside {@code loss} (for
     * instance {@link dev.bss.engine.model.MultimodalNetwork#headLogits}) and their outputs join the batch's graph.
     */
    public ParameterStore parameterStore() {
        return parameterStore;
    }

    public TrainingContext context() {
        return context;
    }

    public int epoch() {
        return epoch;
    }

    public int batchIndex() {
        return batchIndex;
    }

    /** Number of batches of the running pass (the epoch, or an inner pass). */
    public int batchCount() {
        return batchCount;
    }

    /** Training-set indices of the samples in this batch (a copy). */
    public int[] sampleIndices() {
        return indices.clone();
    }

    /** Class labels (a copy). */
    public int[] labels() {
        return labels.clone();
    }

    /** One-hot labels {@code {B, K}}. */
    public NDArray oneHotLabels() {
        return oneHotLabels;
    }

    /** The model inputs of this batch, one array per modality, exactly as forwarded (after any augmentation). */
    public NDList inputs() {
        return inputs;
    }

    public ModelOutputs outputs() {
        return outputs;
    }

    /** The batch manager (arrays created here are closed at the end of the batch). */
    public NDManager manager() {
        return manager;
    }

    /** The gradient buffer of one parameter (valid after backward). */
    public NDArray gradient(Parameter parameter) {
        NDArray g = parameter.getArray().getGradient();
        g.attach(manager);
        return g;
    }

    /**
     * The gradient of {@code scalar} with respect to each of {@code parameters}, without consuming the graph: a
     * back-propagation that keeps the autograd graph (PyTorch {@code retain_graph=True}), copies of the listed
     * parameters' gradients (in the batch manager, in list order), then every trainable gradient zeroed. Call it from
     * {@link TrainingMethod#loss} (inside the gradient collector) while every gradient is zero, as it is after each
     * optimiser step; the loop's own backward of the returned loss then accumulates from zero. MMPareto reads the
     * fused loss's encoder gradients this way.
     */
    public List<NDArray> gradientsOf(NDArray scalar, List<Parameter> parameters) {
        GraphKeepingBackward.backward(scalar);
        List<NDArray> out = new ArrayList<>(parameters.size());
        for (Parameter p : parameters) {
            NDArray g = p.getArray().getGradient().duplicate();
            g.attach(manager);
            out.add(g);
        }
        context.updater().zeroGradients();
        return out;
    }

    /** Gradients of every trainable parameter of modality {@code m}'s encoder, in a stable order. */
    public List<NDArray> gradients(int m) {
        List<NDArray> list = new ArrayList<>();
        for (Parameter p : context.network().encoderParameters(m)) {
            if (p.requiresGradient()) {
                list.add(gradient(p));
            }
        }
        return list;
    }
}
