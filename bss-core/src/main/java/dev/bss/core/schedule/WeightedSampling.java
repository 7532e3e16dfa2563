package dev.bss.core.schedule;

import dev.bss.core.order.KeySort;
import dev.bss.core.random.RandomStreams;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AliasMethodDiscreteSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateDiscreteSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Weighted sampling of sample indices for the learning-based scheduler (method.md E8, D7).
 *
 * <p>Weight rules, shared by both methods: NaN = excluded (never drawn); negative, infinite = error
 * ({@link IllegalArgumentException} naming the index); all weights zero or excluded = error.
 */
public final class WeightedSampling {

    private WeightedSampling() {
    }

    /**
     * A weighted random permutation without replacement (successive sampling / Plackett–Luce), as
     * {@code torch.multinomial(p, N, replacement=False)} in the reference code: the first index is
     * {@code i} with probability {@code w_i / Σ w}, the next is drawn from the rest in the same way, and so
     * on. Implemented with exponential keys (Efraimidis &amp; Spirakis 2006): {@code k_i = E_i / w_i} with
     * {@code E_i ~ Exp(1)} (commons-rng Ziggurat sampler), sorted ascending by {@link KeySort#argsort} (O(n) radix sort).
     *
     * <p>Zero weights: such indices come after every positive-weight index, in uniform random order (the
     * limit {@code w → 0⁺}); torch would refuse them. NaN weights are left out, so the result has one entry
     * per non-NaN weight, each index once.
     *
     * @throws IllegalArgumentException for a negative or infinite weight, or no positive weight
     */
    public static int[] permutation(double[] weights, UniformRandomProvider rng) {
        int n = weights.length;
        int positive = 0;
        int zero = 0;
        for (int i = 0; i < n; i++) {
            double w = check(weights, i);
            if (w > 0) {
                positive++;
            } else if (w == 0) {
                zero++;
            }
        }
        if (positive == 0) {
            throw new IllegalArgumentException("weighted permutation: no positive weight among " + n + " samples");
        }
        ZigguratSampler.Exponential exp = ZigguratSampler.Exponential.of(rng);
        long[] keys = new long[positive];
        boolean all = positive == n;
        int[] positiveIndex = all ? null : new int[positive];
        int m = 0;
        for (int i = 0; i < n; i++) {
            double w = weights[i];
            if (w > 0) {
                double k = exp.sample() / w; // positive (or +inf for subnormal w): raw bits are order-preserving
                keys[m] = Double.doubleToRawLongBits(k);
                if (!all) {
                    positiveIndex[m] = i;
                }
                m++;
            }
        }
        int[] order = KeySort.argsort(keys, positive);
        int[] idx;
        if (all) {
            idx = order;
        } else {
            idx = new int[positive + zero];
            for (int j = 0; j < positive; j++) {
                idx[j] = positiveIndex[order[j]];
            }
        }
        if (zero > 0) {
            int z = positive;
            for (int i = 0; i < n; i++) {
                if (weights[i] == 0) {
                    idx[z++] = i;
                }
            }
            // uniform shuffle of the zero-weight tail
            for (int i = zero - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = idx[positive + i];
                idx[positive + i] = idx[positive + j];
                idx[positive + j] = t;
            }
        }
        return idx;
    }

    /**
     * {@code k} independent draws with replacement, index {@code i} with probability {@code w_i / Σ w}
     * (Vose's alias method from commons-rng-sampling, O(n) setup, O(1) per draw). Zero and NaN weights are
     * never drawn.
     *
     * @throws IllegalArgumentException for {@code k < 0}, a negative or infinite weight, or no positive weight
     */
    public static int[] withReplacement(double[] weights, int k, UniformRandomProvider rng) {
        if (k < 0) {
            throw new IllegalArgumentException("number of draws must be >= 0, got " + k);
        }
        int n = weights.length;
        double[] p = new double[n];
        boolean anyPositive = false;
        for (int i = 0; i < n; i++) {
            double w = check(weights, i);
            p[i] = Double.isNaN(w) ? 0.0 : w;
            anyPositive |= p[i] > 0;
        }
        if (!anyPositive) {
            throw new IllegalArgumentException("weighted sampling: no positive weight among " + n + " samples");
        }
        SharedStateDiscreteSampler sampler = AliasMethodDiscreteSampler.of(rng, p);
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = sampler.sample();
        }
        return out;
    }

    /** A uniform permutation of {@code 0..n-1}. */
    public static int[] uniformPermutation(int n, UniformRandomProvider rng) {
        return RandomStreams.permutation(rng, n);
    }

    private static double check(double[] weights, int i) {
        double w = weights[i];
        if (w < 0 || Double.isInfinite(w)) {
            throw new IllegalArgumentException("weight of sample " + i + " is " + w + " (must be finite and >= 0)");
        }
        return w;
    }
}
