package dev.bss.data.avdigits;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Independent, reproducible random streams keyed by (seed, purpose, index): each stream is an
 * XO_RO_SHI_RO_128_PP generator seeded with two SplitMix64-mixed words, so a sample's draws do not
 * depend on how many other samples exist or in which thread or order they are computed.
 */
final class SeededStreams {

    private SeededStreams() {
    }

    static UniformRandomProvider stream(long seed, String purpose, long index) {
        long a = mix(seed ^ mix(purpose.hashCode() * 0x9E3779B97F4A7C15L));
        long b = mix(a + 0x632BE59BD9B4E019L * (index + 1));
        return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {a, b});
    }

    /** SplitMix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in {@code [lo, hi]} ({@code lo} when equal). */
    static double uniform(UniformRandomProvider rng, double lo, double hi) {
        return lo == hi ? lo : lo + (hi - lo) * rng.nextDouble();
    }
}
