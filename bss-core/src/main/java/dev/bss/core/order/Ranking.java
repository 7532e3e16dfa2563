package dev.bss.core.order;

import java.util.Arrays;
import java.util.Objects;

/**
 * Ranks samples by balance score ({@code X_rank} of method.md E5).
 *
 * <p>{@link Order#CL}: descending score (most balanced first); {@link Order#ANTI_CL}: ascending. Ties
 * (equal scores; {@code −0.0 == 0.0}) are broken by ascending sample id ({@link String#compareTo}), then by
 * index; the reference code's stable Python sort keeps dataset order instead, which equals id order when
 * ids are the dataset indices zero-padded. Samples whose score is NaN (dropped by the measurer) are left
 * out of the ranking, so the result may be shorter than {@code scores}. {@code ±∞} are ordered normally.
 *
 * <p>Complexity: O(n) radix sort on 64-bit keys plus O(t log t) for each run of t tied scores.
 */
public final class Ranking {

    private Ranking() {
    }

    /**
     * Sample indices in ranking order.
     *
     * @param scores balance scores, higher = more balanced; NaN = excluded
     * @param ids sample ids for tie-breaking, aligned with {@code scores}; {@code null} breaks ties by index
     * @param order direction
     * @return indices into {@code scores}, excluding NaN entries
     * @throws IllegalArgumentException if {@code ids} has a different length
     */
    public static int[] rank(double[] scores, String[] ids, Order order) {
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(order, "order");
        if (ids != null && ids.length != scores.length) {
            throw new IllegalArgumentException("rank: " + scores.length + " scores but " + ids.length + " ids");
        }
        int n = scores.length;
        long[] keys = new long[n];
        int[] orig = null; // compact position -> score index, only when NaNs are present
        int m = 0;
        boolean descending = order == Order.CL;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double s = scores[i];
            if (Double.isNaN(s)) {
                if (orig == null) {
                    orig = new int[n];
                    for (int j = 0; j < m; j++) {
                        orig[j] = j;
                    }
                }
                continue;
            }
            min = Math.min(min, s);
            max = Math.max(max, s);
            long k = KeySort.sortableKey(s);
            keys[m] = descending ? ~k : k;
            if (orig != null) {
                orig[m] = i;
            }
            m++;
        }
        // dense prefix keys: 1 + (s - min)/(max - min) lies in [1, 2], one binade, so the radix passes spend
        // their bits on the actual spread of the scores; monotone (rounding is), ties resolved on exact keys
        long[] prefix = keys;
        double range = max - min;
        if (m > 1 && range > 0 && Double.isFinite(range)) {
            prefix = new long[m];
            int j = 0;
            for (int i = 0; i < n; i++) {
                double s = scores[i];
                if (Double.isNaN(s)) {
                    continue;
                }
                long bits = Double.doubleToRawLongBits(1.0 + (s - min) / range);
                prefix[j++] = descending ? ~bits : bits;
            }
        }
        int[] perm = KeySort.argsort(prefix, keys, m, prefix != keys);
        if (ids != null) {
            breakTiesById(keys, perm, m, ids, orig);
        }
        if (orig != null) {
            for (int j = 0; j < m; j++) {
                perm[j] = orig[perm[j]];
            }
        }
        return perm;
    }

    /** Reorders runs of equal keys by id; {@code perm} holds compact positions, {@code orig} maps them to ids' indices. */
    private static void breakTiesById(long[] keys, int[] perm, int m, String[] ids, int[] orig) {
        int start = 0;
        while (start < m) {
            long k = keys[perm[start]];
            int end = start + 1;
            while (end < m && keys[perm[end]] == k) {
                end++;
            }
            if (end - start > 1) {
                Integer[] run = new Integer[end - start];
                for (int j = start; j < end; j++) {
                    run[j - start] = perm[j];
                }
                Arrays.sort(run, (a, b) -> {
                    int ia = orig == null ? a : orig[a];
                    int ib = orig == null ? b : orig[b];
                    int c = ids[ia].compareTo(ids[ib]);
                    return c != 0 ? c : Integer.compare(ia, ib);
                });
                for (int j = start; j < end; j++) {
                    perm[j] = run[j - start];
                }
            }
            start = end;
        }
    }

    /** Ranking with ties broken by index. */
    public static int[] rank(double[] scores, Order order) {
        return rank(scores, null, order);
    }
}
