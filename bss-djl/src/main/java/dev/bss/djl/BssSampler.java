package dev.bss.djl;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import dev.bss.core.schedule.SequenceScheduler;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * A DJL {@link Sampler} whose every call to {@link #sample} is one epoch ({@code t = 1, 2, …}) of a bss-core
 * {@link SequenceScheduler}: it draws {@code scheduler.sequence(t)} and hands it out in batches of
 * {@link #getBatchSize()} indices, in order (the last, shorter batch is kept unless {@code optDropLast(true)}).
 *
 * <p>Scores: when {@code scheduler.needsScores(t)} and nobody has called {@link #updateScores} for {@code t} yet,
 * the sampler asks its score source ({@link #setScoreSource}; {@link BssScoringListener} registers itself) for epoch
 * {@code t} before drawing; without a source it throws {@link IllegalStateException}. So epoch 1, whose scores need the
 * initialised model that DJL's {@code onTrainingBegin} does not have yet, is scored lazily, and later epochs are
 * scored by the listener at the end of the previous epoch — the same weights either way.
 *
 * <p>Use one sampler per training dataset (validation sets keep DJL's sequential sampler). Not thread-safe; DJL
 * calls {@code sample} once per epoch from the training thread.
 */
public final class BssSampler implements Sampler {

    private final SequenceScheduler scheduler;
    private final int batchSize;
    private final boolean dropLast;
    private IntFunction<double[]> scoreSource;
    private int epoch;
    private int scoredEpoch;
    private int[] lastSequence;

    private BssSampler(Builder b) {
        this.scheduler = b.scheduler;
        this.batchSize = b.batchSize;
        this.dropLast = b.dropLast;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The scheduler drawing the sequences. */
    public SequenceScheduler scheduler() {
        return scheduler;
    }

    /** The epoch of the last {@link #sample} call (0 before the first). */
    public int epoch() {
        return epoch;
    }

    /** The next epoch {@link #sample} will draw. */
    public int nextEpoch() {
        return epoch + 1;
    }

    /** A copy of the sequence drawn by the last {@link #sample} call, or {@code null} before the first. */
    public int[] lastSequence() {
        return lastSequence == null ? null : lastSequence.clone();
    }

    /** Where scores come from when an epoch needs them and none were given (see the class comment). */
    public void setScoreSource(IntFunction<double[]> source) {
        this.scoreSource = Objects.requireNonNull(source, "source");
    }

    /**
     * Gives the scheduler balance scores for {@code epoch} (must be {@link #nextEpoch()}, and the scheduler must ask
     * for them).
     *
     * @throws IllegalStateException when the epoch is not the next one or the scheduler takes no scores then
     */
    public void updateScores(int forEpoch, double[] scores) {
        if (forEpoch != nextEpoch()) {
            throw new IllegalStateException("scores for epoch " + forEpoch + " but the next epoch is " + nextEpoch());
        }
        scheduler.updateScores(forEpoch, scores);
        scoredEpoch = forEpoch;
    }

    @Override
    public Iterator<List<Long>> sample(RandomAccessDataset dataset) {
        int n = scheduler.size();
        if (dataset.size() != n) {
            throw new IllegalArgumentException("BssSampler: the scheduler is built for " + n + " samples, the dataset has "
                    + dataset.size());
        }
        int t = nextEpoch();
        if (scheduler.needsScores(t) && scoredEpoch != t) {
            if (scoreSource == null) {
                throw new IllegalStateException("epoch " + t + " needs balance scores: add a BssScoringListener to the training "
                        + "config, or call updateScores(" + t + ", scores) before iterating the dataset");
            }
            updateScores(t, scoreSource.apply(t));
        }
        int[] seq = scheduler.sequence(t);
        epoch = t;
        lastSequence = seq;
        int batches = dropLast ? seq.length / batchSize : (seq.length + batchSize - 1) / batchSize;
        return new Iterator<>() {
            private int b;

            @Override
            public boolean hasNext() {
                return b < batches;
            }

            @Override
            public List<Long> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int from = b * batchSize;
                int to = Math.min(seq.length, from + batchSize);
                List<Long> out = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    out.add((long) seq[i]);
                }
                b++;
                return out;
            }
        };
    }

    @Override
    public int getBatchSize() {
        return batchSize;
    }

    /** Builder: {@code setScheduler} and {@code setBatchSize} are required. */
    public static final class Builder {
        private SequenceScheduler scheduler;
        private int batchSize;
        private boolean dropLast;

        private Builder() {
        }

        /** The scheduler (e.g. {@code HeuristicScheduler}, {@code LearningBasedScheduler}) sized to the training set. */
        public Builder setScheduler(SequenceScheduler scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /** Indices per batch (≥ 1). */
        public Builder setBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Drop a last batch shorter than the batch size (default false). */
        public Builder optDropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        public BssSampler build() {
            List<String> problems = new ArrayList<>();
            if (scheduler == null) {
                problems.add("scheduler (setScheduler) is missing");
            }
            if (batchSize < 1) {
                problems.add("batch size (setBatchSize) must be >= 1, got " + batchSize);
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("BssSampler.builder(): " + String.join("; ", problems));
            }
            return new BssSampler(this);
        }
    }
}
