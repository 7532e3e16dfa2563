package dev.bss.engine.train;

import dev.bss.engine.data.ImageAugmentation;
import java.nio.file.Path;
import java.util.List;

/**
 * Loop settings: epochs, batch size, drop-last, seed, evaluation/scoring batch size, which heads' logits are summed
 * for predictions, where checkpoints go, whether BatchNorm statistics are recomputed before evaluation, and the
 * training-time image augmentation. Build with {@link #builder()}; {@code setEpochs} and
 * {@code setBatchSize} are required.
 */
public final class TrainerConfig {

    private final int epochs;
    private final int batchSize;
    private final boolean dropLast;
    private final long seed;
    private final int evaluationBatchSize;
    private final List<String> predictionHeads;
    private final Path checkpointDirectory;
    private final int preciseBnBatches;
    private final ImageAugmentation augmentation;

    private TrainerConfig(Builder b) {
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.dropLast = b.dropLast;
        this.seed = b.seed;
        this.evaluationBatchSize = b.evaluationBatchSize;
        this.predictionHeads = b.predictionHeads == null ? null : List.copyOf(b.predictionHeads);
        this.checkpointDirectory = b.checkpointDirectory;
        this.preciseBnBatches = b.preciseBnBatches;
        this.augmentation = b.augmentation != null && b.augmentation.enabled() ? b.augmentation : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int epochs() { return epochs; }
    public int batchSize() { return batchSize; }
    public boolean dropLast() { return dropLast; }
    public long seed() { return seed; }
    /** Batch size of evaluation and of the {@code pass} scoring mode. */
    public int evaluationBatchSize() { return evaluationBatchSize; }
    /**
     * Heads whose logits are summed for predictions ({@code fused} and/or modality names); {@code null} = the heads
     * with a non-zero loss weight.
     */
    public List<String> predictionHeads() { return predictionHeads; }
    /** Directory of {@code last.ckpt}; {@code null} = no checkpoints. */
    public Path checkpointDirectory() { return checkpointDirectory; }
    /**
     * Training batches from which every BatchNorm's population statistics are recomputed before each evaluation
     * ({@link PreciseBatchNorm}); 0 = off, evaluation uses the running averages kept during training, as the paper's
     * code does.
     */
    public int preciseBnBatches() { return preciseBnBatches; }
    /**
     * Augmentation of the IMAGE modalities of training batches and of the {@code reference-code} scoring pass, drawn
     * from streams seeded by (seed, epoch, batch); {@code null} = none (the default). Evaluation, the {@code pass}
     * scoring mode and precise BatchNorm statistics see the plain inputs.
     */
    public ImageAugmentation augmentation() { return augmentation; }

    public static final class Builder {
        private int epochs = -1;
        private int batchSize = -1;
        private boolean dropLast = true;
        private long seed;
        private int evaluationBatchSize = 64;
        private List<String> predictionHeads;
        private Path checkpointDirectory;
        private int preciseBnBatches;
        private ImageAugmentation augmentation;

        public Builder setEpochs(int epochs) { this.epochs = epochs; return this; }
        public Builder setBatchSize(int batchSize) { this.batchSize = batchSize; return this; }
        public Builder optDropLast(boolean dropLast) { this.dropLast = dropLast; return this; }
        public Builder optSeed(long seed) { this.seed = seed; return this; }
        public Builder optEvaluationBatchSize(int size) { this.evaluationBatchSize = size; return this; }
        public Builder optPredictionHeads(List<String> heads) { this.predictionHeads = heads; return this; }
        public Builder optCheckpointDirectory(Path dir) { this.checkpointDirectory = dir; return this; }
        public Builder optPreciseBnBatches(int batches) { this.preciseBnBatches = batches; return this; }
        public Builder optAugmentation(ImageAugmentation augmentation) { this.augmentation = augmentation; return this; }

        public TrainerConfig build() {
            if (epochs < 1) {
                throw new IllegalArgumentException("trainer: epochs must be set and >= 1, got " + epochs);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("trainer: batch size must be set and >= 1, got " + batchSize);
            }
            if (evaluationBatchSize < 1) {
                throw new IllegalArgumentException("trainer: evaluation batch size must be >= 1, got " + evaluationBatchSize);
            }
            if (preciseBnBatches < 0) {
                throw new IllegalArgumentException("trainer: precise-BN batches must be >= 0, got " + preciseBnBatches);
            }
            if (predictionHeads != null && predictionHeads.isEmpty()) {
                throw new IllegalArgumentException("trainer: prediction heads must not be empty");
            }
            return new TrainerConfig(this);
        }
    }
}
