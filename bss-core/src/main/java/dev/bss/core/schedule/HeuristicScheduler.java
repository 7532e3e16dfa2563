package dev.bss.core.schedule;

import dev.bss.core.order.Order;
import dev.bss.core.order.Ranking;
import dev.bss.core.pacing.PacingFunction;
import dev.bss.core.random.RandomStreams;
import java.util.Arrays;
import java.util.Objects;

/**
 * BSS-H, the heuristic (curriculum) scheduler (method.md E4, E5, D4, D5).
 *
 * <p>At the ranking epochs of its {@link RankingPolicy} the supplied balance scores are ranked
 * ({@link Ranking}, {@link Order#CL} = most balanced first, ties by sample id when ids were given, else by
 * index; NaN scores are excluded for good). At epoch {@code t} the sequence is the first
 * {@code m = min(M, max(minimumSubset, floor(M · λ(t'))))} ranked samples, where {@code M} is the number
 * of ranked (non-NaN) samples and {@code t'} the pacing epoch of the policy, shuffled uniformly with the
 * stream ({@code seed}, {@link RandomStreams#HEURISTIC_SHUFFLE}, epoch). The reference code computes
 * {@code int(N·λ)} the same way (N = 6698, root λ0 0.1 T_grow 40: 1248 samples at epoch 1). Warm-up
 * epochs ({@link RankingPolicy#afterWarmup}) visit all {@code n} samples in a uniform shuffle.
 *
 * <p>State for resume: the current ranking and the epoch it was computed at.
 */
public final class HeuristicScheduler implements SequenceScheduler {

    private final int size;
    private final PacingFunction pacing;
    private final Order order;
    private final RankingPolicy policy;
    private final int minimumSubset;
    private final long seed;
    private final String[] ids;

    private int[] ranking;
    private int rankedAtEpoch;

    private HeuristicScheduler(Builder b) {
        this.size = b.size;
        this.pacing = b.pacing;
        this.order = b.order;
        this.policy = b.policy;
        this.minimumSubset = b.minimumSubset;
        this.seed = b.seed;
        this.ids = b.ids;
    }

    /** A new builder; {@code setSize}, {@code setPacing} and {@code setSeed} are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean needsScores(int epoch) {
        StateCodec.checkEpoch(epoch);
        return policy.needsScores(epoch);
    }

    /**
     * Ranks {@code scores} (higher = more balanced; NaN = excluded).
     *
     * @throws IllegalArgumentException if the length differs from {@link #size()} or a score is infinite
     * @throws IllegalStateException if {@code epoch} is not a ranking epoch of the policy
     */
    @Override
    public void updateScores(int epoch, double[] scores) {
        StateCodec.checkEpoch(epoch);
        if (!policy.needsScores(epoch)) {
            throw new IllegalStateException("heuristic scheduler (ranking " + policy + ") takes no scores at epoch "
                    + epoch + "; ask needsScores(epoch) first");
        }
        StateCodec.checkScores(scores, size);
        ranking = Ranking.rank(scores, ids, order);
        rankedAtEpoch = epoch;
    }

    /**
     * This epoch's ordered subset.
     *
     * @throws IllegalStateException if the scores this epoch needs were not supplied
     */
    @Override
    public int[] sequence(int epoch) {
        StateCodec.checkEpoch(epoch);
        if (policy.isWarmup(epoch)) {
            return RandomStreams.permutation(RandomStreams.of(seed, RandomStreams.UNIFORM_SHUFFLE, epoch), size);
        }
        if (ranking == null || (policy.needsScores(epoch) && rankedAtEpoch != epoch) || rankedAtEpoch > epoch) {
            throw new IllegalStateException("heuristic scheduler: no ranking for epoch " + epoch
                    + "; call updateScores(" + epoch + ", scores) when needsScores(" + epoch + ") is true");
        }
        int m = subsetSize(epoch);
        int[] subset = Arrays.copyOf(ranking, m);
        RandomStreams.shuffle(RandomStreams.of(seed, RandomStreams.HEURISTIC_SHUFFLE, epoch), subset, m);
        return subset;
    }

    /**
     * {@code min(M, max(minimumSubset, floor(M · λ(t'))))} for a ranked epoch, with {@code M} the number of
     * ranked samples.
     *
     * @throws IllegalStateException before the first ranking
     */
    public int subsetSize(int epoch) {
        if (ranking == null) {
            throw new IllegalStateException("heuristic scheduler: not ranked yet");
        }
        return subsetSize(ranking.length, pacing.fraction(policy.pacingEpoch(epoch)), minimumSubset);
    }

    /** {@code min(M, max(minimumSubset, floor(M · λ)))}. */
    public static int subsetSize(int rankedCount, double fraction, int minimumSubset) {
        int m = (int) Math.floor(rankedCount * fraction);
        return Math.min(rankedCount, Math.max(minimumSubset, m));
    }

    /** A copy of the current ranking (indices, most balanced first for CL), or {@code null} before ranking. */
    public int[] ranking() {
        return ranking == null ? null : ranking.clone();
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public byte[] saveState() {
        return StateCodec.save("heuristic", options(), out -> {
            out.writeInt(rankedAtEpoch);
            StateCodec.writeInts(out, ranking);
        });
    }

    @Override
    public void restoreState(byte[] state) {
        StateCodec.restore(state, "heuristic", options(), in -> {
            int at = in.readInt();
            int[] r = StateCodec.readInts(in);
            if (r != null) {
                boolean[] seen = new boolean[size];
                for (int i : r) {
                    if (i < 0 || i >= size) {
                        throw new IllegalArgumentException("scheduler state ranking holds index " + i
                                + " outside 0.." + (size - 1));
                    }
                    if (seen[i]) {
                        throw new IllegalArgumentException("scheduler state ranking holds index " + i + " twice");
                    }
                    seen[i] = true;
                }
            }
            if (at < 0 || (r == null) != (at == 0)) {
                throw new IllegalArgumentException("scheduler state: inconsistent ranking epoch " + at);
            }
            if (r != null && r.length > size) {
                throw new IllegalArgumentException("scheduler state ranking holds " + r.length + " indices for "
                        + size + " samples");
            }
            return () -> {
                rankedAtEpoch = at;
                ranking = r;
            };
        });
    }

    private String options() {
        double[] lambdas = new double[256];
        for (int t = 1; t <= lambdas.length; t++) {
            lambdas[t - 1] = pacing.fraction(t);
        }
        return "n=" + size + ",order=" + order.id() + ",ranking=" + policy + ",min=" + minimumSubset + ",seed=" + seed
                + ",pacing#" + Integer.toHexString(Arrays.hashCode(lambdas))
                + ",ids#" + (ids == null ? "none" : Integer.toHexString(Arrays.hashCode(ids)));
    }

    /** Builder. */
    public static final class Builder {
        private int size = -1;
        private PacingFunction pacing;
        private Order order = Order.CL;
        private RankingPolicy policy = RankingPolicy.once();
        private int minimumSubset = 1;
        private Long seed;
        private String[] ids;

        private Builder() {
        }

        /** Number of training samples {@code n ≥ 1}. */
        public Builder setSize(int n) {
            this.size = n;
            return this;
        }

        /** The pacing function {@code λ(t)}. */
        public Builder setPacing(PacingFunction pacing) {
            this.pacing = Objects.requireNonNull(pacing, "pacing");
            return this;
        }

        /** Ranking direction (default {@link Order#CL}). */
        public Builder optOrder(Order order) {
            this.order = Objects.requireNonNull(order, "order");
            return this;
        }

        /** When to rank (default {@link RankingPolicy#once()}, the reference code). */
        public Builder optRankingPolicy(RankingPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Lower bound on the subset size, usually the batch size, so an epoch has at least one batch (default 1). */
        public Builder optMinimumSubset(int batchSize) {
            this.minimumSubset = batchSize;
            return this;
        }

        /** Sample ids (aligned with dataset indices) used to break score ties; default: ties by index. */
        public Builder optIds(String[] ids) {
            this.ids = ids == null ? null : ids.clone();
            return this;
        }

        /** Seed of the per-epoch shuffle streams. */
        public Builder setSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Validates and builds, naming what is missing or out of range. */
        public HeuristicScheduler build() {
            if (size < 1) {
                throw new IllegalArgumentException("HeuristicScheduler: setSize(n >= 1) is required, got " + size);
            }
            if (pacing == null) {
                throw new IllegalArgumentException("HeuristicScheduler: setPacing(...) is required");
            }
            if (seed == null) {
                throw new IllegalArgumentException("HeuristicScheduler: setSeed(...) is required");
            }
            if (minimumSubset < 1) {
                throw new IllegalArgumentException("HeuristicScheduler: minimum subset must be >= 1, got " + minimumSubset);
            }
            if (ids != null && ids.length != size) {
                throw new IllegalArgumentException("HeuristicScheduler: " + ids.length + " ids for " + size + " samples");
            }
            return new HeuristicScheduler(this);
        }
    }
}
