package dev.bss.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.bss.engine.model.ModelOutputs;
import java.util.ArrayList;
import java.util.List;

/**
 * One training batch as hooks see it: its sample indices and labels, the model outputs (fused and unimodal logits,
 * embeddings), and access to gradients after back-propagation. Every array obtained here belongs to the batch's
 * manager and is closed when the batch ends; gradients are views of the parameters' gradient buffers, so in-place
 * changes ({@code muli}) modulate the update.
 */
public final class BatchContext {

    private final TrainingContext context;
    private final int epoch;
    private final int batchIndex;
    private final int[] indices;
    private final int[] labels;
    private final NDArray oneHotLabels;
    private final NDList inputs;
    private final ModelOutputs outputs;
    private final NDManager manager;

    BatchContext(TrainingContext context, int epoch, int batchIndex, int[] indices, int[] labels, NDArray oneHotLabels,
            NDList inputs, ModelOutputs outputs, NDManager manager) {
        this.context = context;
        this.epoch = epoch;
        this.batchIndex = batchIndex;
        this.indices = indices;
        this.labels = labels;
        this.oneHotLabels = oneHotLabels;
        this.inputs = inputs;
        this.outputs = outputs;
        this.manager = manager;
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
