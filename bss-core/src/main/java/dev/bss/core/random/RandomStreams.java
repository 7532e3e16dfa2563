package dev.bss.core.random;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Derives per-(seed, purpose, index) random streams.
 *
 * <p>The 128-bit state of an XoRoShiRo128++ generator ({@link RandomSource#XO_RO_SHI_RO_128_PP}) is
 * filled with two SplitMix64 finalisations of {@code seed}, {@code purpose} and {@code index}. The
 * algorithms are fully specified, so the same inputs give the same numbers on any JVM and machine.
 */
public final class RandomStreams {

    /** Purpose: heuristic scheduler subset shuffle. */
    public static final long HEURISTIC_SHUFFLE = 1;
    /** Purpose: vanilla / warm-up uniform shuffle. */
    public static final long UNIFORM_SHUFFLE = 2;
    /** Purpose: learning-based scheduler sampling. */
    public static final long LEARNING_SAMPLING = 3;
    /** Purpose: the shuffled-score control (balance scores permuted across samples at each refresh). */
    public static final long SCORE_SHUFFLE = 4;
    /** Purpose: training-time image augmentation, index = (epoch, batch) ({@link #batchIndex}). */
    public static final long TRAINING_AUGMENTATION = 5;
    /** Purpose: image augmentation of the reference-code scoring pass, index = (epoch, batch). */
    public static final long SCORING_AUGMENTATION = 6;

    private static final long GOLDEN = 0x9e3779b97f4a7c15L;

    private RandomStreams() {
    }

    /** A fresh generator for ({@code seed}, {@code purpose}, {@code index}), e.g. index = epoch. */
    public static UniformRandomProvider of(long seed, long purpose, long index) {
        long a = mix(seed + GOLDEN);
        long b = mix(a ^ mix(purpose * GOLDEN + 0x632be59bd9b4e019L));
        long s0 = mix(b ^ mix(index + 0x3c6ef372fe94f82bL));
        long s1 = mix(s0 + GOLDEN);
        if (s0 == 0 && s1 == 0) {
            s1 = GOLDEN;
        }
        return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {s0, s1});
    }

    /** The stream index of batch {@code batch} of epoch {@code epoch}: {@code epoch · 2^32 + batch}. */
    public static long batchIndex(int epoch, int batch) {
        return ((long) epoch << 32) | (batch & 0xffffffffL);
    }

    /** SplitMix64 finaliser (Steele, Lea, Flood 2014). */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** In-place Fisher–Yates shuffle of {@code a[0..n)} (Durstenfeld), drawing {@code nextInt(i + 1)} for i = n−1..1. */
    public static void shuffle(UniformRandomProvider rng, int[] a, int n) {
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** The identity permutation {@code 0..n-1} shuffled with {@link #shuffle}. */
    public static int[] permutation(UniformRandomProvider rng, int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        shuffle(rng, a, n);
        return a;
    }
}
