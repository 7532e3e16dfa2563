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
        int[] idx = new int[n];
        int m = 0;
        boolean descending = order == Order.CL;
        for (int i = 0; i < n; i++) {
            double s = scores[i];
            if (Double.isNaN(s)) {
                continue;
            }
            long k = KeySort.sortableKey(s);
            keys[m] = descending ? ~k : k;
            idx[m++] = i;
        }
        KeySort.sort(keys, idx, m);
        if (ids != null) {
            breakTiesById(keys, idx, m, ids);
        }
        return m == n ? idx : Arrays.copyOf(idx, m);
    }

    /** Ranking with ties broken by index. */
    public static int[] rank(double[] scores, Order order) {
        return rank(scores, null, order);
    }

    private static void breakTiesById(long[] keys, int[] idx, int m, String[] ids) {
        int start = 0;
        while (start < m) {
            int end = start + 1;
            while (end < m && keys[end] == keys[start]) {
                end++;
            }
            if (end - start > 1) {
                Integer[] run = new Integer[end - start];
                for (int j = start; j < end; j++) {
                    run[j - start] = idx[j];
                }
                Arrays.sort(run, (a, b) -> {
                    int c = ids[a].compareTo(ids[b]);
                    return c != 0 ? c : Integer.compare(a, b);
                });
                for (int j = start; j < end; j++) {
                    idx[j] = run[j - start];
                }
            }
            start = end;
        }
    }
}
