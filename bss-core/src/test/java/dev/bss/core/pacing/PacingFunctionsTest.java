package dev.bss.core.pacing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Exact values of every pacing function, computed by hand from the formulas in method.md E4/E10 with
 * λ0 = 0.1 and T_grow = 40 (e.g. root t = 20: sqrt(0.99/40·20 + 0.01) = sqrt(0.505) = 0.710634), plus the
 * properties every pacing function must have.
 */
class PacingFunctionsTest {

    private static final double TOL = 5e-7;

    private static void assertValues(String id, int[] epochs, double[] expected) {
        PacingFunction f = PacingFunctions.of(id, 0.1, 40, 10);
        for (int i = 0; i < epochs.length; i++) {
            assertEquals(expected[i], f.fraction(epochs[i]), TOL, id + " at t=" + epochs[i]);
        }
    }

    @Test
    void rootMatchesPaperAndReferenceCode() {
        // the task's check values and method.md §3.1's per-epoch fractions
        assertValues("root", new int[] {1, 2, 5, 10, 20, 30, 39, 40, 41, 120},
                new double[] {0.186414, 0.243926, 0.365718, 0.507445, 0.710634, 0.867468, 0.987547, 1, 1, 1});
        PacingFunction root = PacingFunctions.root(0.1, 40);
        assertEquals(0.18641, root.fraction(1), 5e-6);
        assertEquals(0.71063, root.fraction(20), 5e-6);
        assertEquals(1.0, root.fraction(40));
    }

    @Test
    void root3AndRoot5() {
        // root-3 t=20: cbrt(0.999·0.5 + 0.001) = cbrt(0.5005) = 0.793965
        assertValues("root-3", new int[] {1, 2, 5, 10, 20, 30, 39, 40},
                new double[] {0.296155, 0.370722, 0.501164, 0.630590, 0.793965, 0.908661, 0.991605, 1});
        // root-5 t=1: (0.99999/40 + 0.00001)^(1/5) = 0.02500975^0.2 = 0.478214
        assertValues("root-5", new int[] {1, 2, 5, 10, 20, 30, 39, 40},
                new double[] {0.478214, 0.549301, 0.659763, 0.757863, 0.870552, 0.944088, 0.994949, 1});
    }

    @Test
    void linear() {
        // 0.1 + 0.9·t/40
        assertValues("linear", new int[] {1, 2, 5, 10, 20, 39, 40, 50},
                new double[] {0.1225, 0.145, 0.2125, 0.325, 0.55, 0.9775, 1, 1});
    }

    @Test
    void geometric() {
        // 0.1·10^(t/40): t=10 → 0.1·10^0.25, t=20 → 0.1·sqrt(10)
        assertValues("geometric", new int[] {1, 2, 5, 10, 20, 39, 40},
                new double[] {0.105925, 0.112202, 0.133352, 0.177828, 0.316228, 0.944061, 1});
    }

    @Test
    void babyStep() {
        // 0.1 + 0.9·floor(10·t/40)/10: steps of 0.09 every 4 epochs
        assertValues("baby-step", new int[] {1, 3, 4, 7, 8, 20, 36, 39, 40},
                new double[] {0.1, 0.1, 0.19, 0.19, 0.28, 0.55, 0.91, 0.91, 1});
        PacingFunction twoBins = PacingFunctions.of("baby-step", 0.2, 10, 2);
        assertEquals(0.2, twoBins.fraction(4), 1e-15);
        assertEquals(0.6, twoBins.fraction(5), 1e-15);
        assertEquals(0.6, twoBins.fraction(9), 1e-15);
        assertEquals(1.0, twoBins.fraction(10));
    }

    @Test
    void lambdaOneIsConstantOne() {
        for (String id : PacingFunctions.IDS) {
            PacingFunction f = PacingFunctions.of(id, 1.0, 7, 3);
            for (int t = 1; t < 20; t++) {
                assertEquals(1.0, f.fraction(t), 1e-15, id);
            }
        }
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PacingFunctions.of("cubic", 0.1, 40, 10));
        assertTrue(e.getMessage().contains("cubic") && e.getMessage().contains("root-3"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PacingFunctions.of("root", 0, 40, 10))
                .getMessage().contains("lambda0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PacingFunctions.of("root", 1.5, 40, 10))
                .getMessage().contains("lambda0"));
        assertThrows(IllegalArgumentException.class, () -> PacingFunctions.of("linear", Double.NaN, 40, 10));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PacingFunctions.of("root", 0.1, 0, 10))
                .getMessage().contains("T_grow"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PacingFunctions.of("baby-step", 0.1, 40, 0))
                .getMessage().contains("bins"));
        assertThrows(IllegalArgumentException.class, () -> PacingFunctions.root(0.1, 40).fraction(0));
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.of(PacingFunctions.IDS);
    }

    @Provide
    Arbitrary<Double> lambdas() {
        return Arbitraries.doubles().between(1e-4, 1.0).ofScale(8);
    }

    @Property
    void monotoneBoundedAndOneFromTGrow(@ForAll("ids") String id, @ForAll("lambdas") double lambda0,
            @ForAll @IntRange(min = 1, max = 200) int tGrow, @ForAll @IntRange(min = 1, max = 50) int bins) {
        PacingFunction f = PacingFunctions.of(id, lambda0, tGrow, bins);
        double prev = 0;
        for (int t = 1; t <= tGrow + 5; t++) {
            double v = f.fraction(t);
            assertTrue(v > 0 && v <= 1, id + " λ(" + t + ") = " + v);
            assertTrue(v >= prev, id + " not monotone at t=" + t);
            if (t >= tGrow) {
                assertEquals(1.0, v, 0.0, id + " must be exactly 1 from T_grow on");
            }
            prev = v;
        }
    }

    @Property
    void firstEpochAsDefined(@ForAll("lambdas") double lambda0, @ForAll @IntRange(min = 2, max = 200) int tGrow) {
        double x = (1 - lambda0 * lambda0) / tGrow + lambda0 * lambda0;
        assertEquals(Math.sqrt(x), PacingFunctions.of("root", lambda0, tGrow, 1).fraction(1), 1e-12);
        assertEquals(lambda0 + (1 - lambda0) / tGrow, PacingFunctions.of("linear", lambda0, tGrow, 1).fraction(1), 1e-12);
        assertEquals(lambda0 * Math.pow(1 / lambda0, 1.0 / tGrow), PacingFunctions.of("geometric", lambda0, tGrow, 1).fraction(1), 1e-12);
        // baby step starts at λ0 while fewer bins than T_grow
        assertEquals(lambda0, PacingFunctions.of("baby-step", lambda0, tGrow, tGrow - 1).fraction(1), 1e-15);
        // every function starts at or above λ0
        for (String id : PacingFunctions.IDS) {
            assertTrue(PacingFunctions.of(id, lambda0, tGrow, 4).fraction(1) >= lambda0 - 1e-12, id);
        }
    }
}
