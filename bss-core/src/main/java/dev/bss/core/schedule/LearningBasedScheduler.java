package dev.bss.core.schedule;

import dev.bss.core.random.RandomStreams;
import java.util.Objects;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * BSS-L, the learning-based scheduler (method.md E6–E8, D6, D7).
 *
 * <p><b>Refresh.</b> Scores are needed at epochs {@code 1, 1+E, 1+2E, …} ({@code E} = refresh period). The
 * smoothed score is {@code ŝ = s} at the first refresh and {@code ŝ ← (1 − β) ŝ + β s} afterwards (E6;
 * β = 1 means no smoothing, as in the reference code). A NaN score excludes the sample until a later
 * refresh gives it a finite score again; its EMA then restarts from that score.
 *
 * <p><b>Sampling.</b> Weights {@code w_i} come from the {@link ProbabilityTransform} of {@code ŝ} (or of
 * {@code −ŝ} when reversed, e.g. the reference code's Twitter run {@code 1.01 − s}). Without replacement
 * (default, reference code) the epoch is a weighted random permutation of every non-excluded sample
 * ({@link WeightedSampling#permutation}); with replacement it is {@code k} independent draws ({@code k}
 * defaults to {@code n}; {@link WeightedSampling#withReplacement}). Zero weights: last, in random order,
 * without replacement; never drawn with replacement. Negative linear weights raise an
 * {@link IllegalArgumentException}. Randomness comes from the stream ({@code seed},
 * {@link RandomStreams#LEARNING_SAMPLING}, epoch).
 *
 * <p>State for resume: {@code ŝ}, the number of refreshes and the last refresh epoch.
 */
public final class LearningBasedScheduler implements SequenceScheduler {

    private final int size;
    private final int refreshPeriod;
    private final double beta;
    private final ProbabilityTransform transform;
    private final boolean replacement;
    private final int draws;
    private final boolean reversed;
    private final long seed;

    private double[] smoothed;
    private int refreshes;
    private int lastRefreshEpoch;

    private LearningBasedScheduler(Builder b) {
        this.size = b.size;
        this.refreshPeriod = b.refreshPeriod;
        this.beta = b.beta;
        this.transform = b.transform;
        this.replacement = b.replacement;
        this.draws = b.draws < 0 ? b.size : b.draws;
        this.reversed = b.reversed;
        this.seed = b.seed;
    }

    /** A new builder; {@code setSize} and {@code setSeed} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** True exactly at epochs {@code 1, 1+E, 1+2E, …}. */
    @Override
    public boolean needsScores(int epoch) {
        StateCodec.checkEpoch(epoch);
        return (epoch - 1) % refreshPeriod == 0;
    }

    /**
     * Applies a refresh: {@code ŝ = s} the first time, else {@code ŝ ← (1 − β) ŝ + β s}.
     *
     * @throws IllegalArgumentException for a wrong length or an infinite score
     * @throws IllegalStateException if {@code epoch} is not a refresh epoch, or not after the last refresh
     */
    @Override
    public void updateScores(int epoch, double[] scores) {
        StateCodec.checkEpoch(epoch);
        if (!needsScores(epoch)) {
            throw new IllegalStateException("learning-based scheduler (refresh period " + refreshPeriod
                    + ") takes no scores at epoch " + epoch + "; ask needsScores(epoch) first");
        }
        if (epoch <= lastRefreshEpoch) {
            throw new IllegalStateException("learning-based scheduler: scores for epoch " + epoch
                    + " come after the refresh of epoch " + lastRefreshEpoch);
        }
        StateCodec.checkScores(scores, size);
        if (smoothed == null) {
            smoothed = scores.clone();
        } else {
            for (int i = 0; i < size; i++) {
                double s = scores[i];
                double old = smoothed[i];
                smoothed[i] = Double.isNaN(s) ? Double.NaN : Double.isNaN(old) ? s : (1 - beta) * old + beta * s;
            }
        }
        refreshes++;
        lastRefreshEpoch = epoch;
    }

    /**
     * This epoch's sequence.
     *
     * @throws IllegalStateException if the scores this epoch needs were not supplied
     * @throws IllegalArgumentException for negative weights or no positive weight
     */
    @Override
    public int[] sequence(int epoch) {
        StateCodec.checkEpoch(epoch);
        if (smoothed == null || (needsScores(epoch) && lastRefreshEpoch != epoch) || lastRefreshEpoch > epoch) {
            throw new IllegalStateException("learning-based scheduler: no scores for epoch " + epoch
                    + "; call updateScores(" + epoch + ", scores) when needsScores(" + epoch + ") is true");
        }
        double[] w = weights();
        UniformRandomProvider rng = RandomStreams.of(seed, RandomStreams.LEARNING_SAMPLING, epoch);
        return replacement ? WeightedSampling.withReplacement(w, draws, rng) : WeightedSampling.permutation(w, rng);
    }

    /** The current weights {@code w_i} (NaN = excluded), before normalisation. */
    public double[] weights() {
        if (smoothed == null) {
            throw new IllegalStateException("learning-based scheduler: no scores yet");
        }
        double[] s = smoothed;
        if (reversed) {
            s = smoothed.clone();
            for (int i = 0; i < s.length; i++) {
                s[i] = -s[i];
            }
        }
        double[] w = new double[size];
        transform.weights(s, w);
        return w;
    }

    /** The current sampling probabilities {@code p_i = w_i / Σ w} (0 for excluded samples). */
    public double[] probabilities() {
        double[] w = weights();
        double sum = 0;
        for (double x : w) {
            if (!Double.isNaN(x)) {
                sum += x;
            }
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("learning-based scheduler: all weights are zero or excluded");
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = Double.isNaN(w[i]) ? 0 : w[i] / sum;
        }
        return w;
    }

    /** A copy of the smoothed scores {@code ŝ}, or {@code null} before the first refresh. */
    public double[] smoothedScores() {
        return smoothed == null ? null : smoothed.clone();
    }

    /** Number of refreshes applied so far ({@code k} of E6). */
    public int refreshCount() {
        return refreshes;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public byte[] saveState() {
        return StateCodec.save("learning", options(), out -> {
            out.writeInt(refreshes);
            out.writeInt(lastRefreshEpoch);
            StateCodec.writeDoubles(out, smoothed);
        });
    }

    @Override
    public void restoreState(byte[] state) {
        StateCodec.restore(state, "learning", options(), in -> {
            int r = in.readInt();
            int last = in.readInt();
            double[] s = StateCodec.readDoubles(in);
            if (s != null && s.length != size) {
                throw new IllegalArgumentException("scheduler state holds " + s.length + " scores, expected " + size);
            }
            if (s != null) {
                for (double v : s) {
                    if (Double.isInfinite(v)) {
                        throw new IllegalArgumentException("scheduler state holds an infinite smoothed score");
                    }
                }
            }
            if (r < 0 || last < 0 || (s == null) != (r == 0)) {
                throw new IllegalArgumentException("scheduler state: inconsistent refresh count " + r + " / epoch " + last);
            }
            return () -> {
                refreshes = r;
                lastRefreshEpoch = last;
                smoothed = s;
            };
        });
    }

    private String options() {
        return "n=" + size + ",E=" + refreshPeriod + ",beta=" + beta + ",transform=" + transform.id()
                + ",replacement=" + replacement + ",draws=" + draws + ",reversed=" + reversed + ",seed=" + seed;
    }

    /** Builder. Defaults: E = 1, β = 1, softmax(τ = 1), no replacement, not reversed. */
    public static final class Builder {
        private int size = -1;
        private int refreshPeriod = 1;
        private double beta = 1.0;
        private ProbabilityTransform transform = ProbabilityTransform.softmax(1.0);
        private boolean replacement;
        private int draws = -1;
        private boolean reversed;
        private Long seed;

        private Builder() {
        }

        /** Number of training samples {@code n ≥ 1}. */
        public Builder setSize(int n) {
            this.size = n;
            return this;
        }

        /** Refresh period {@code E ≥ 1} (default 1: every epoch, as the reference code). */
        public Builder optRefreshPeriod(int epochs) {
            this.refreshPeriod = epochs;
            return this;
        }

        /** EMA weight of the new scores {@code β ∈ (0, 1]} (default 1: no smoothing). */
        public Builder optBeta(double beta) {
            this.beta = beta;
            return this;
        }

        /** Score-to-weight transform (default {@code softmax(1)}, the paper's E7). */
        public Builder optTransform(ProbabilityTransform transform) {
            this.transform = Objects.requireNonNull(transform, "transform");
            return this;
        }

        /** Draw with replacement (default false: weighted permutation, the reference code). */
        public Builder optReplacement(boolean replacement) {
            this.replacement = replacement;
            return this;
        }

        /** Number of draws per epoch with replacement (default n); ignored without replacement. */
        public Builder optDraws(int k) {
            this.draws = k;
            return this;
        }

        /** Favour imbalanced samples: weights of {@code −ŝ} (default false). */
        public Builder optReversed(boolean reversed) {
            this.reversed = reversed;
            return this;
        }

        /** Seed of the per-epoch sampling streams. */
        public Builder setSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Validates and builds, naming what is missing or out of range. */
        public LearningBasedScheduler build() {
            if (size < 1) {
                throw new IllegalArgumentException("LearningBasedScheduler: setSize(n >= 1) is required, got " + size);
            }
            if (seed == null) {
                throw new IllegalArgumentException("LearningBasedScheduler: setSeed(...) is required");
            }
            if (refreshPeriod < 1) {
                throw new IllegalArgumentException("LearningBasedScheduler: refresh period must be >= 1, got " + refreshPeriod);
            }
            if (!(beta > 0 && beta <= 1)) {
                throw new IllegalArgumentException("LearningBasedScheduler: beta must be in (0, 1], got " + beta);
            }
            if (draws < -1 || (replacement && draws == 0)) {
                throw new IllegalArgumentException("LearningBasedScheduler: draws must be >= 1, got " + draws);
            }
            return new LearningBasedScheduler(this);
        }
    }
}
