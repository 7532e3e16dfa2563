package dev.bss.engine.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Turns a slice of sample indices into one NDArray per modality (shape {@code {B, ...spec.shape}}) plus a label
 * array, by copying the samples' float arrays into one reusable heap buffer per modality and creating one
 * NDArray per modality: no per-sample NDArray is ever created.
 *
 * <p>The native copy goes through one reusable direct buffer per modality, cloned into memory the engine owns (and
 * frees when the batch closes). Handing the engine a Java array instead makes DJL allocate a fresh direct buffer per
 * batch that only a garbage collection frees: measured 333 MB of such buffers held at once in {@code bss bench epoch
 * --n 1024} (NMT "Other"; docs/performance.md).
 *
 * <p>Training batches may augment their IMAGE modalities on the way ({@link ImageAugmentation}), in the heap buffer,
 * before the one copy to native memory.
 *
 * <p>Ownership: every returned array belongs to the {@code manager} passed in (use a per-batch sub-manager and
 * close it after the batch). Not thread-safe (the buffers are reused).
 */
public final class BatchAssembler {

    private final MultimodalDataset dataset;
    private final List<ModalitySpec> specs;
    private float[][] buffers = new float[0][];
    private ByteBuffer[] direct = new java.nio.ByteBuffer[0];
    private int bufferBatch = -1;

    public BatchAssembler(MultimodalDataset dataset) {
        this.dataset = dataset;
        this.specs = dataset.modalities();
    }

    public MultimodalDataset dataset() {
        return dataset;
    }

    /**
     * Assembles {@code indices[from, to)}.
     *
     * @return modality arrays in dataset order; caller's manager owns them
     */
    public NDList inputs(NDManager manager, int[] indices, int from, int to) {
        return inputs(manager, indices, from, to, null, null);
    }

    /**
     * Assembles {@code indices[from, to)} and augments every {@link ModalityKind#IMAGE} modality of each sample in
     * place ({@link ImageAugmentation}), sample by sample in batch order, drawing from {@code rng}.
     *
     * @param augmentation {@code null} (or switched off) for none
     * @param rng the batch's stream; may be {@code null} when there is no augmentation
     * @return modality arrays in dataset order; caller's manager owns them
     */
    public NDList inputs(NDManager manager, int[] indices, int from, int to, ImageAugmentation augmentation, UniformRandomProvider rng) {
        boolean augment = augmentation != null && augmentation.enabled();
        if (augment && rng == null) {
            throw new IllegalArgumentException("image augmentation needs a random stream");
        }
        int batch = to - from;
        if (batch <= 0) {
            throw new IllegalArgumentException("empty batch [" + from + ", " + to + ")");
        }
        if (bufferBatch != batch) {
            buffers = new float[specs.size()][];
            direct = new java.nio.ByteBuffer[specs.size()];
            for (int m = 0; m < specs.size(); m++) {
                buffers[m] = new float[batch * specs.get(m).elementCount()];
                direct[m] = ByteBuffer.allocateDirect(Float.BYTES * buffers[m].length).order(ByteOrder.nativeOrder());
            }
            bufferBatch = batch;
        }
        for (int b = 0; b < batch; b++) {
            MultimodalSample s = dataset.get(indices[from + b]);
            for (int m = 0; m < specs.size(); m++) {
                int n = specs.get(m).elementCount();
                float[][] values = s.modalities();
                if (values == null || m >= values.length || values[m] == null || values[m].length != n) {
                    throw new IllegalArgumentException("sample '" + s.id() + "' (index " + indices[from + b] + "): modality '"
                            + specs.get(m).name() + "' is " + (values == null || m >= values.length || values[m] == null
                            ? "missing" : "of " + values[m].length + " values") + ", expected " + n + " values");
                }
                System.arraycopy(s.modalities()[m], 0, buffers[m], b * n, n);
                if (augment && specs.get(m).kind() == ModalityKind.IMAGE) {
                    augmentation.apply(buffers[m], b * n, specs.get(m).shape(), rng);
                }
            }
        }
        NDList list = new NDList(specs.size());
        for (int m = 0; m < specs.size(); m++) {
            int[] shape = specs.get(m).shape();
            long[] dims = new long[shape.length + 1];
            dims[0] = batch;
            for (int i = 0; i < shape.length; i++) {
                dims[i + 1] = shape[i];
            }
            direct[m].asFloatBuffer().put(buffers[m]);
            // a view of the reused direct buffer, cloned into engine-owned memory, so the buffer is free for the next batch
            try (NDArray view = manager.create(direct[m], new Shape(dims), DataType.FLOAT32)) {
                list.add(view.duplicate());
            }
        }
        return list;
    }

    /** The labels of {@code indices[from, to)} as a Java array. */
    public int[] labels(int[] indices, int from, int to) {
        int[] labels = new int[to - from];
        for (int b = 0; b < labels.length; b++) {
            labels[b] = dataset.get(indices[from + b]).label();
        }
        return labels;
    }

    /** One-hot float labels {@code {B, K}}, owned by {@code manager}. */
    public static NDArray oneHot(NDManager manager, int[] labels, int numClasses) {
        float[] data = new float[labels.length * numClasses];
        for (int b = 0; b < labels.length; b++) {
            data[b * numClasses + labels[b]] = 1f;
        }
        return manager.create(data, new Shape(labels.length, numClasses));
    }
}
