package dev.bss.core.schedule;

import dev.bss.core.random.RandomStreams;

/**
 * Vanilla training: every epoch visits all {@code n} samples in a seeded uniform random order drawn from
 * the stream ({@code seed}, {@link RandomStreams#UNIFORM_SHUFFLE}, epoch). Needs no scores
 * ({@link #needsScores} is always false, so {@link #updateScores} throws {@link IllegalStateException} like
 * every scheduler does outside its scoring epochs). Stateless apart from its options, so resume is
 * trivially exact.
 */
public final class ShuffleScheduler implements SequenceScheduler {

    private final int size;
    private final long seed;

    private ShuffleScheduler(Builder b) {
        this.size = b.size;
        this.seed = b.seed;
    }

    /** A new builder; {@code setSize} and {@code setSeed} are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean needsScores(int epoch) {
        StateCodec.checkEpoch(epoch);
        return false;
    }

    @Override
    public void updateScores(int epoch, double[] scores) {
        StateCodec.checkEpoch(epoch);
        throw new IllegalStateException("the shuffle (vanilla) scheduler takes no scores; needsScores(" + epoch
                + ") is false");
    }

    @Override
    public int[] sequence(int epoch) {
        StateCodec.checkEpoch(epoch);
        return RandomStreams.permutation(RandomStreams.of(seed, RandomStreams.UNIFORM_SHUFFLE, epoch), size);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public byte[] saveState() {
        return StateCodec.save("shuffle", options(), out -> { });
    }

    @Override
    public void restoreState(byte[] state) {
        StateCodec.restore(state, "shuffle", options(), in -> () -> { });
    }

    private String options() {
        return "n=" + size + ",seed=" + seed;
    }

    /** Builder. */
    public static final class Builder {
        private int size = -1;
        private Long seed;

        private Builder() {
        }

        /** Number of training samples (≥ 0). */
        public Builder setSize(int n) {
            this.size = n;
            return this;
        }

        /** Seed of the per-epoch shuffle streams. */
        public Builder setSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Validates and builds. */
        public ShuffleScheduler build() {
            if (size < 0) {
                throw new IllegalArgumentException("ShuffleScheduler: setSize(n >= 0) is required");
            }
            if (seed == null) {
                throw new IllegalArgumentException("ShuffleScheduler: setSeed(...) is required");
            }
            return new ShuffleScheduler(this);
        }
    }
}
