package dev.bss.djl;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.SequenceSampler;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.translate.TranslateException;
import dev.bss.core.measure.BalanceMeasurer;
import dev.bss.core.measure.Criterion;
import dev.bss.core.measure.SampleStatistics;
import dev.bss.core.measure.Similarity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A DJL training listener that runs the BSS scoring pass and feeds the {@link BssSampler}'s scheduler.
 *
 * <p><b>Model contract.</b> The model's block returns, for a batch of {@code B} samples, an {@code NDList} whose
 * element 0 is the fused logits {@code {B, K}} and elements {@code 1..M} the logits of the {@code M ≥ 2} unimodal heads
 * (further elements are ignored). Labels are class indices.
 *
 * <p><b>Scoring pass</b> (eval mode, {@link Trainer#evaluate}, no gradients; the training set in index order in
 * batches of {@code optBatchSize}): per sample {@code i} the prediction similarity {@code pred_sim_i} = mean pairwise
 * cosine of the unimodal softmax outputs ({@link Similarity#meanPairwiseCosine}, softmax by
 * {@link Similarity#softmax(float[], int, int, double[])}) and the loss {@code loss_i} = sum over the fused and unimodal
 * heads of {@code −ln max(p_y, 1e-30)}; the {@link BalanceMeasurer} turns them into balance scores (default
 * {@code pred-sim+loss} with min-max normalisation: BSS's E3; {@code optMeasurer} picks another). Criteria needing
 * features or gradient magnitudes are refused at build time.
 *
 * <p><b>When.</b> At the end of every epoch ({@code onEpoch}) it scores for the next epoch if the scheduler asks; the
 * first epoch's scores are requested lazily by the sampler (the listener registers itself as its score source in
 * {@code onTrainingBegin}, when the model is not yet initialised). Each pass costs one forward over the training set.
 */
public final class BssScoringListener extends TrainingListenerAdapter {

    private static final Set<Criterion> SUPPORTED = EnumSet.of(Criterion.PREDICTION_SIMILARITY, Criterion.TRAINING_LOSS,
            Criterion.PRESIM_LOSS);

    private final BssSampler sampler;
    private final RandomAccessDataset dataset;
    private final int modalities;
    private final int batchSize;
    private final BalanceMeasurer measurer;
    private SampleStatistics lastStatistics;
    private double[] lastScores;
    private int lastEpoch;

    private BssScoringListener(Builder b) {
        this.sampler = b.sampler;
        this.dataset = b.dataset;
        this.modalities = b.modalities;
        this.batchSize = b.batchSize > 0 ? b.batchSize : b.sampler.getBatchSize();
        this.measurer = b.measurer;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void onTrainingBegin(Trainer trainer) {
        sampler.setScoreSource(epoch -> score(trainer, epoch));
    }

    @Override
    public void onEpoch(Trainer trainer) {
        int next = sampler.nextEpoch();
        if (sampler.scheduler().needsScores(next)) {
            sampler.updateScores(next, score(trainer, next));
        }
    }

    /** The raw statistics of the last scoring pass (ids are the dataset indices), or {@code null} before one. */
    public SampleStatistics lastStatistics() {
        return lastStatistics;
    }

    /** A copy of the balance scores last given to the scheduler, or {@code null}. */
    public double[] lastScores() {
        return lastScores == null ? null : lastScores.clone();
    }

    /** The epoch the last scores were computed for (0 before any). */
    public int lastEpoch() {
        return lastEpoch;
    }

    /** One scoring pass over the training set with the trainer's current weights; returns the balance scores. */
    public double[] score(Trainer trainer, int epoch) {
        int n = Math.toIntExact(dataset.size());
        double[] sim = new double[n];
        double[] loss = new double[n];
        int at = 0;
        try (NDManager m = trainer.getManager().newSubManager()) {
            for (Batch batch : dataset.getData(m, new BatchSampler(new SequenceSampler(), batchSize, false))) {
                try (batch) {
                    NDList out = trainer.evaluate(batch.getData());
                    if (out.size() < 1 + modalities) {
                        throw new IllegalStateException("the model returned " + out.size() + " outputs; BSS scoring needs the fused "
                                + "logits and " + modalities + " unimodal logits");
                    }
                    float[] labels = batch.getLabels().head().toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
                    int b = labels.length;
                    int k = Math.toIntExact(out.get(0).getShape().get(1));
                    float[][] logits = new float[1 + modalities][];
                    for (int h = 0; h <= modalities; h++) {
                        logits[h] = out.get(h).toFloatArray();
                    }
                    double[] p = new double[k];
                    float[][] probs = new float[modalities][k];
                    for (int i = 0; i < b; i++) {
                        int y = (int) labels[i];
                        double l = 0;
                        for (int h = 0; h <= modalities; h++) {
                            Similarity.softmax(logits[h], i * k, k, p);
                            l -= Math.log(Math.max(p[y], 1e-30));
                            if (h > 0) {
                                for (int c = 0; c < k; c++) {
                                    probs[h - 1][c] = (float) p[c];
                                }
                            }
                        }
                        sim[at + i] = Similarity.meanPairwiseCosine(probs);
                        loss[at + i] = l;
                    }
                    at += b;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TranslateException e) {
            throw new IllegalStateException("scoring pass: " + e.getMessage(), e);
        }
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = Integer.toString(i);
        }
        lastStatistics = SampleStatistics.builder().setIds(ids).optPredictionSimilarity(sim).optLoss(loss).build();
        lastScores = measurer.score(lastStatistics);
        lastEpoch = epoch;
        return lastScores.clone();
    }

    /** Builder: {@code setSampler}, {@code setDataset} and {@code setModalities} are required. */
    public static final class Builder {
        private BssSampler sampler;
        private RandomAccessDataset dataset;
        private int modalities;
        private int batchSize;
        private BalanceMeasurer measurer = BalanceMeasurer.builder().build();

        private Builder() {
        }

        /** The sampler of the training dataset. */
        public Builder setSampler(BssSampler sampler) {
            this.sampler = sampler;
            return this;
        }

        /** The training dataset (the one sampled by {@code sampler}); scored in index order. */
        public Builder setDataset(RandomAccessDataset dataset) {
            this.dataset = dataset;
            return this;
        }

        /** Number of unimodal heads {@code M ≥ 2} the model returns after the fused logits. */
        public Builder setModalities(int modalities) {
            this.modalities = modalities;
            return this;
        }

        /** Batch size of the scoring pass (default: the sampler's). */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * How raw statistics become balance scores (default {@code BalanceMeasurer.builder().build()}: {@code
         * pred-sim+loss}, min-max, the paper's); its criterion must be {@code pred-sim}, {@code loss} or {@code
         * pred-sim+loss}.
         */
        public Builder optMeasurer(BalanceMeasurer measurer) {
            this.measurer = Objects.requireNonNull(measurer, "measurer");
            return this;
        }

        public BssScoringListener build() {
            List<String> problems = new ArrayList<>();
            if (sampler == null) {
                problems.add("sampler (setSampler) is missing");
            }
            if (dataset == null) {
                problems.add("dataset (setDataset) is missing");
            }
            if (modalities < 2) {
                problems.add("modalities (setModalities) must be >= 2, got " + modalities);
            }
            if (batchSize < 0) {
                problems.add("batch size must be >= 1, got " + batchSize);
            }
            if (!SUPPORTED.contains(measurer.criterion())) {
                problems.add("criterion " + measurer.criterion().id() + " needs features or gradients; allowed: pred-sim, loss, pred-sim+loss");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("BssScoringListener.builder(): " + String.join("; ", problems));
            }
            return new BssScoringListener(this);
        }
    }
}
