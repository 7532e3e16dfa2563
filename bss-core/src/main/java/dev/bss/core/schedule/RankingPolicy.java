package dev.bss.core.schedule;

/**
 * When the heuristic scheduler (re-)ranks the training set.
 * <ul>
 *   <li>{@link #once()}: rank at epoch 1 only, with scores from the model before training (reference code,
 *       method.md D4); the order is fixed for the whole run.</li>
 *   <li>{@link #afterWarmup(int)}: epochs 1..W are warm-up epochs that visit the whole training set in a
 *       seeded uniform shuffle; the ranking is computed once, at epoch W+1, and the pacing clock restarts
 *       there ({@code λ} is evaluated at {@code t = epoch − W}).</li>
 *   <li>{@link #every(int)}: rank at epochs 1, 1+K, 1+2K, …; the pacing clock is the epoch itself.</li>
 * </ul>
 */
public final class RankingPolicy {

    private enum Kind { ONCE, AFTER_WARMUP, EVERY }

    private final Kind kind;
    private final int parameter;

    private RankingPolicy(Kind kind, int parameter) {
        this.kind = kind;
        this.parameter = parameter;
    }

    /** Rank once, before training (epoch 1). */
    public static RankingPolicy once() {
        return new RankingPolicy(Kind.ONCE, 0);
    }

    /**
     * Uniform shuffle for {@code warmupEpochs} epochs, then rank once at epoch {@code warmupEpochs + 1}.
     *
     * @throws IllegalArgumentException if {@code warmupEpochs < 0}
     */
    public static RankingPolicy afterWarmup(int warmupEpochs) {
        if (warmupEpochs < 0) {
            throw new IllegalArgumentException("warm-up epochs must be >= 0, got " + warmupEpochs);
        }
        return new RankingPolicy(Kind.AFTER_WARMUP, warmupEpochs);
    }

    /**
     * Re-rank every {@code period} epochs (1, 1+K, 1+2K, …).
     *
     * @throws IllegalArgumentException if {@code period < 1}
     */
    public static RankingPolicy every(int period) {
        if (period < 1) {
            throw new IllegalArgumentException("ranking period must be >= 1, got " + period);
        }
        return new RankingPolicy(Kind.EVERY, period);
    }

    /** Whether scores must be supplied before {@code epoch}. */
    public boolean needsScores(int epoch) {
        switch (kind) {
            case ONCE:
                return epoch == 1;
            case AFTER_WARMUP:
                return epoch == parameter + 1;
            case EVERY:
                return epoch >= 1 && (epoch - 1) % parameter == 0;
            default:
                throw new AssertionError(kind);
        }
    }

    /** Whether {@code epoch} is a warm-up epoch (uniform shuffle of the whole set, no ranking needed). */
    public boolean isWarmup(int epoch) {
        return kind == Kind.AFTER_WARMUP && epoch <= parameter;
    }

    /** The epoch fed to the pacing function at {@code epoch} (restarts after a warm-up). */
    public int pacingEpoch(int epoch) {
        return kind == Kind.AFTER_WARMUP ? epoch - parameter : epoch;
    }

    /** A stable description, e.g. {@code once}, {@code after-warmup(5)}, {@code every(10)}. */
    @Override
    public String toString() {
        switch (kind) {
            case ONCE:
                return "once";
            case AFTER_WARMUP:
                return "after-warmup(" + parameter + ")";
            default:
                return "every(" + parameter + ")";
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RankingPolicy && ((RankingPolicy) o).kind == kind && ((RankingPolicy) o).parameter == parameter;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + parameter;
    }
}
