package dev.bss.spark.schedule;

import dev.bss.core.random.RandomStreams;
import java.io.Serializable;

/**
 * Counter-based random numbers for the distributed schedules: the draw of row {@code i} depends only on (seed,
 * purpose, epoch, i), never on which task computes it, so a schedule is the same for any partitioning of the table.
 *
 * <p>Method: {@code base = mix(mix(seed + γ) ^ mix(purpose·γ + epoch))}, then row {@code i} gets the SplitMix64 output
 * {@code x_i = mix(base + (i + 1)·γ)} (γ = 0x9e3779b97f4a7c15, {@code mix} = {@link RandomStreams#mix}, the SplitMix64
 * finaliser of Steele, Lea and Flood 2014, whose sequence passes BigCrush). {@link #uniform}: the top 53 bits,
 * {@code U = (x >>> 11)·2⁻⁵³ ∈ [0, 1)}; {@link #exponential}: {@code E = −log1p(−U) ~ Exp(1)} (inverse CDF; E = 0 with
 * probability 2⁻⁵³). Different purposes give unrelated streams.
 */
public final class ScheduleKeys implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final long GOLDEN = 0x9e3779b97f4a7c15L;

    /** Purpose: exponential keys of the weighted permutation. */
    public static final long WEIGHTED_PERMUTATION = 101;
    /** Purpose: order of zero-weight rows (after every positive weight). */
    public static final long ZERO_WEIGHT_ORDER = 102;
    /** Purpose: shuffle of the heuristic subset. */
    public static final long SUBSET_SHUFFLE = 103;

    private final long base;

    /** The stream for ({@code seed}, {@code purpose}, {@code epoch}). */
    public ScheduleKeys(long seed, long purpose, int epoch) {
        this.base = RandomStreams.mix(RandomStreams.mix(seed + GOLDEN) ^ RandomStreams.mix(purpose * GOLDEN + epoch));
    }

    /** The 64 random bits of row {@code index}. */
    public long bits(long index) {
        return RandomStreams.mix(base + (index + 1) * GOLDEN);
    }

    /** A uniform number in [0, 1) for row {@code index}. */
    public double uniform(long index) {
        return (bits(index) >>> 11) * 0x1.0p-53;
    }

    /** An Exp(1) number for row {@code index}. */
    public double exponential(long index) {
        return -Math.log1p(-uniform(index));
    }
}
