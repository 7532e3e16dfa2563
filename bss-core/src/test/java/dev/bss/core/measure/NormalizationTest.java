package dev.bss.core.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Exact hand-computed values of each normalisation, constant columns and NaN (dropped) entries. */
class NormalizationTest {

    @Test
    void minMax() {
        assertArrayEquals(new double[] {0, 0.5, 1}, Normalization.MIN_MAX.apply(new double[] {2, 4, 6}), 1e-15);
        assertArrayEquals(new double[] {1, 0, 0.25}, Normalization.MIN_MAX.apply(new double[] {5, 1, 2}), 1e-15);
    }

    @Test
    void rankUsesMeanRankForTies() {
        // sorted 1,2,2,3: 0-based ranks 0, (1+2)/2, (1+2)/2, 3, divided by n-1 = 3
        assertArrayEquals(new double[] {1, 0, 0.5, 0.5}, Normalization.RANK.apply(new double[] {3, 1, 2, 2}), 1e-15);
        assertArrayEquals(new double[] {0.5, 0, 1}, Normalization.RANK.apply(new double[] {-0.0, -7, 1e300}), 1e-15);
    }

    @Test
    void zScoreUsesPopulationSd() {
        // mean 2.5, population variance 1.25, sd 1.118034
        double sd = Math.sqrt(1.25);
        assertArrayEquals(new double[] {-1.5 / sd, -0.5 / sd, 0.5 / sd, 1.5 / sd},
                Normalization.Z_SCORE.apply(new double[] {1, 2, 3, 4}), 1e-12);
        assertEquals(-1.341641, Normalization.Z_SCORE.apply(new double[] {1, 2, 3, 4})[0], 1e-6);
    }

    @Test
    void constantColumnsMapToZero() {
        for (Normalization n : Normalization.values()) {
            assertArrayEquals(new double[] {0, 0, 0}, n.apply(new double[] {3, 3, 3}), 0.0, n.id());
            assertArrayEquals(new double[] {0}, n.apply(new double[] {-2}), 0.0, n.id());
            assertArrayEquals(new double[0], n.apply(new double[0]), 0.0, n.id());
        }
    }

    @Test
    void nanEntriesAreExcludedAndStayNaN() {
        double[] out = Normalization.MIN_MAX.apply(new double[] {Double.NaN, 1, 3, 100 - 98});
        assertTrue(Double.isNaN(out[0]));
        assertArrayEquals(new double[] {0, 1, 0.5}, new double[] {out[1], out[2], out[3]}, 1e-15);
        double[] rank = Normalization.RANK.apply(new double[] {5, Double.NaN, 1});
        assertEquals(1.0, rank[0]);
        assertTrue(Double.isNaN(rank[1]));
        assertEquals(0.0, rank[2]);
        assertTrue(Double.isNaN(Normalization.Z_SCORE.apply(new double[] {Double.NaN})[0]));
    }

    @Test
    void infinityIsRejectedWithRow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Normalization.MIN_MAX.apply(new double[] {1, Double.POSITIVE_INFINITY}));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }

    @Test
    void idsRoundTrip() {
        for (Normalization n : Normalization.values()) {
            assertEquals(n, Normalization.fromId(n.id()));
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Normalization.fromId("l2")).getMessage()
                .contains("min-max"));
    }

    @Property
    void minMaxAndRankLieInUnitIntervalAndPreserveOrder(
            @ForAll @Size(min = 2, max = 60) java.util.List<@DoubleRange(min = -1e6, max = 1e6) Double> list) {
        double[] v = list.stream().mapToDouble(Double::doubleValue).toArray();
        for (Normalization n : new Normalization[] {Normalization.MIN_MAX, Normalization.RANK, Normalization.Z_SCORE}) {
            double[] out = n.apply(v);
            for (int i = 0; i < v.length; i++) {
                if (n != Normalization.Z_SCORE) {
                    assertTrue(out[i] >= 0 && out[i] <= 1, n + " out of [0,1]: " + out[i]);
                }
                for (int j = 0; j < v.length; j++) {
                    if (v[i] < v[j]) {
                        assertTrue(out[i] <= out[j], n + " not order preserving");
                    }
                }
            }
        }
    }
}
