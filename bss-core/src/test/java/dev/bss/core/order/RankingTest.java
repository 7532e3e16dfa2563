package dev.bss.core.order;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** CL / anti-CL order, ties by id, NaN exclusion, and the radix sort against a comparison sort. */
class RankingTest {

    @Test
    void clIsDescendingAndAntiClAscending() {
        double[] s = {0.2, 0.9, -0.5, 0.4};
        assertArrayEquals(new int[] {1, 3, 0, 2}, Ranking.rank(s, Order.CL));
        assertArrayEquals(new int[] {2, 0, 3, 1}, Ranking.rank(s, Order.ANTI_CL));
    }

    @Test
    void tiesAreBrokenBySampleId() {
        double[] s = {0.5, 0.5, 0.9, 0.5, -0.0, 0.0};
        String[] ids = {"s3", "s1", "s9", "s2", "z", "y"};
        // 0.9 first; the three 0.5s in id order s1 (1), s2 (3), s3 (0); then 0.0 == -0.0: y (5), z (4)
        assertArrayEquals(new int[] {2, 1, 3, 0, 5, 4}, Ranking.rank(s, ids, Order.CL));
        // anti-CL reverses the scores but keeps ties in id order
        assertArrayEquals(new int[] {5, 4, 1, 3, 0, 2}, Ranking.rank(s, ids, Order.ANTI_CL));
        // without ids ties keep index order (the reference code's stable sort)
        assertArrayEquals(new int[] {2, 0, 1, 3, 4, 5}, Ranking.rank(s, Order.CL));
    }

    @Test
    void nanScoresAreExcluded() {
        assertArrayEquals(new int[] {2, 0}, Ranking.rank(new double[] {0.1, Double.NaN, 0.3}, Order.CL));
        assertArrayEquals(new int[] {3, 0, 1}, Ranking.rank(new double[] {0, Double.NEGATIVE_INFINITY, Double.NaN,
                Double.POSITIVE_INFINITY}, Order.CL));
        assertThrows(IllegalArgumentException.class, () -> Ranking.rank(new double[2], new String[1], Order.CL));
    }

    @Test
    void orderIds() {
        assertEquals(Order.ANTI_CL, Order.fromId("anti-cl"));
        assertEquals(Order.CL, Order.fromId("cl"));
        assertThrows(IllegalArgumentException.class, () -> Order.fromId("reverse"));
    }

    @Test
    void largeInputMatchesComparisonSort() {
        java.util.Random r = new java.util.Random(7);
        int n = 20_000;
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = r.nextInt(5) == 0 ? Math.round(r.nextGaussian() * 4) / 4.0 : r.nextGaussian() * 1e3;
        }
        String[] ids = IntStream.range(0, n).mapToObj(i -> "id" + ((i * 7919) % n)).toArray(String[]::new);
        assertArrayEquals(reference(s, ids, Order.CL), Ranking.rank(s, ids, Order.CL));
        assertArrayEquals(reference(s, ids, Order.ANTI_CL), Ranking.rank(s, ids, Order.ANTI_CL));
    }

    @Property
    void matchesComparisonSort(@ForAll @Size(max = 200) List<@IntRange(min = -20, max = 20) Integer> values,
            @ForAll boolean cl) {
        double[] s = values.stream().mapToDouble(v -> v / 4.0).toArray();
        String[] ids = IntStream.range(0, s.length).mapToObj(i -> Integer.toString((i * 31) % 97)).toArray(String[]::new);
        Order o = cl ? Order.CL : Order.ANTI_CL;
        assertArrayEquals(reference(s, ids, o), Ranking.rank(s, ids, o));
    }

    private static int[] reference(double[] s, String[] ids, Order o) {
        Comparator<Integer> byScore = Comparator.comparingDouble(i -> s[i] == 0 ? 0.0 : s[i]);
        if (o == Order.CL) {
            byScore = byScore.reversed();
        }
        Comparator<Integer> c = byScore.thenComparing(i -> ids[i]).thenComparing(i -> i);
        return IntStream.range(0, s.length).boxed().sorted(c).mapToInt(Integer::intValue).toArray();
    }

    @Test
    void keySortHandlesSignsAndExtremes() {
        double[] v = {3.5, -1e-300, 0.0, -0.0, Double.MIN_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -2, 1, 1};
        int n = 100;
        long[] keys = new long[n];
        int[] idx = new int[n];
        double[] all = new double[n];
        for (int i = 0; i < n; i++) {
            all[i] = v[i % v.length] * (1 + i / 10);
            keys[i] = KeySort.sortableKey(all[i]);
            idx[i] = i;
        }
        KeySort.sort(keys, idx, n);
        for (int i = 1; i < n; i++) {
            double a = all[idx[i - 1]];
            double b = all[idx[i]];
            if (a == b) {
                assertEquals(true, idx[i - 1] < idx[i], "stable");
            } else {
                assertEquals(true, a < b, a + " before " + b);
            }
        }
        assertEquals(n, Arrays.stream(idx).distinct().count());
    }

    /** Keys that differ only below the index bits collide in the packed prefix and must be fixed up exactly. */
    @Property
    void argsortIsExactAndStable(@ForAll @Size(min = 1, max = 3000) List<@IntRange(min = 0, max = 40) Integer> high,
            @ForAll boolean negative) {
        int n = high.size();
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            long k = ((long) high.get(i) << 40) | ((i * 2654435761L) & 0x3ff) % 7; // low bits collide in the prefix
            keys[i] = negative && i % 3 == 0 ? -k : k;
        }
        int[] expected = IntStream.range(0, n).boxed()
                .sorted(Comparator.<Integer>comparingLong(i -> keys[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        assertArrayEquals(expected, KeySort.argsort(keys, n));
        assertArrayEquals(new int[0], KeySort.argsort(new long[0], 0));
    }

    /** Above the parallel threshold (2^20) the two sorted halves are merged; order and stability must hold. */
    @Test
    void argsortOfALargeArrayUsesTheParallelPathCorrectly() {
        int n = 1_300_000;
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = r.nextInt(4) == 0 ? r.nextInt(1000) - 500 : r.nextLong(); // many exact ties, full range
        }
        int[] out = KeySort.argsort(keys, n);
        long[] sorted = keys.clone();
        Arrays.sort(sorted);
        boolean[] seen = new boolean[n];
        for (int j = 0; j < n; j++) {
            assertEquals(sorted[j], keys[out[j]], "position " + j);
            if (j > 0 && keys[out[j]] == keys[out[j - 1]]) {
                assertEquals(true, out[j - 1] < out[j], "ties in index order at " + j);
            }
            seen[out[j]] = true;
        }
        for (boolean b : seen) {
            assertEquals(true, b);
        }
    }
}
