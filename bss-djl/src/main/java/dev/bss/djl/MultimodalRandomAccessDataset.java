package dev.bss.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import dev.bss.engine.data.ModalitySpec;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.data.MultimodalSample;
import java.util.Objects;

/**
 * A bss {@link MultimodalDataset} (AV-digits, emoji, the paper's layouts, {@code synthetic}, your own) as a DJL
 * {@link RandomAccessDataset}: record {@code i} holds one array per modality, shaped as the modality's
 * {@link ModalitySpec#shape()} (float32), and the label as a float32 scalar class index; DJL's default batchifier
 * stacks them into {@code {B, ...shape}} and {@code {B}}. Sampling is configured as for any DJL dataset
 * ({@code setSampling(batch, shuffle)} or a {@link BssSampler}).
 */
public final class MultimodalRandomAccessDataset extends RandomAccessDataset {

    private final MultimodalDataset dataset;

    private MultimodalRandomAccessDataset(Builder b) {
        super(b);
        this.dataset = b.dataset;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The wrapped dataset (ids, metadata, modality specs). */
    public MultimodalDataset dataset() {
        return dataset;
    }

    @Override
    public Record get(NDManager manager, long index) {
        MultimodalSample s = dataset.get(Math.toIntExact(index));
        NDList data = new NDList(s.modalities().length);
        for (int m = 0; m < dataset.modalities().size(); m++) {
            int[] shape = dataset.modalities().get(m).shape();
            long[] dims = new long[shape.length];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = shape[i];
            }
            data.add(manager.create(s.modalities()[m], new Shape(dims)));
        }
        NDArray label = manager.create((float) s.label());
        return new Record(data, new NDList(label));
    }

    @Override
    protected long availableSize() {
        return dataset.size();
    }

    @Override
    public void prepare(Progress progress) {
        // in memory or memory-mapped already
    }

    /** Builder: {@code setDataset} and a sampling ({@code setSampling}) are required. */
    public static final class Builder extends BaseBuilder<Builder> {
        private MultimodalDataset dataset;

        private Builder() {
        }

        public Builder setDataset(MultimodalDataset dataset) {
            this.dataset = Objects.requireNonNull(dataset, "dataset");
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        public MultimodalRandomAccessDataset build() {
            if (dataset == null) {
                throw new IllegalArgumentException("MultimodalRandomAccessDataset.builder(): dataset (setDataset) is missing");
            }
            if (sampler == null) {
                throw new IllegalArgumentException("MultimodalRandomAccessDataset.builder(): sampling (setSampling) is missing");
            }
            return new MultimodalRandomAccessDataset(this);
        }
    }
}
