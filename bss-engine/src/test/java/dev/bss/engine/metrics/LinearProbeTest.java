package dev.bss.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearProbeTest {

    /** Class means on a simplex in 8 of 16 dimensions (the other 8 noise, one constant), Gaussian noise σ. */
    private static float[][] features(int n, int[] labels, double sigma, boolean informative, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][16];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(4);
            for (int j = 0; j < 16; j++) {
                double mean = informative && j == labels[i] ? 1.0 : 0.0;
                x[i][j] = j == 15 ? 3f : (float) (mean + sigma * gaussian(r));
            }
        }
        return x;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void separatesInformativeFeaturesAndStaysNearChanceOnNoise() {
        int[] ya = new int[400];
        int[] yv = new int[200];
        int[] yt = new int[400];
        LinearProbe.Result good = LinearProbe.fit(features(400, ya, 0.3, true, 1), ya, features(200, yv, 0.3, true, 2), yv,
                features(400, yt, 0.3, true, 3), yt, 4);
        assertTrue(good.testAccuracy() > 0.95, "informative features: " + good);
        LinearProbe.Result noise = LinearProbe.fit(features(400, ya, 0.3, false, 4), ya, features(200, yv, 0.3, false, 5), yv,
                features(400, yt, 0.3, false, 6), yt, 4);
        assertTrue(noise.testAccuracy() < 0.40, "noise features are at chance (0.25): " + noise);
        boolean inGrid = false;
        for (double l2 : LinearProbe.L2_GRID) {
            inGrid |= l2 == noise.l2();
        }
        assertTrue(inGrid);
    }

    @Test
    void withoutValidationUsesTheFixedL2() {
        int[] ya = new int[100];
        int[] yt = new int[100];
        LinearProbe.Result r = LinearProbe.fit(features(100, ya, 0.3, true, 7), ya, null, null, features(100, yt, 0.3, true, 8), yt, 4);
        assertEquals(1e-3, r.l2());
        assertTrue(Double.isNaN(r.validationAccuracy()));
        assertTrue(r.testAccuracy() > 0.9, r.toString());
    }

    @Test
    void badLabelsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinearProbe.fit(new float[][] {{1f}, {2f}}, new int[] {0, 5}, null, null, null, null, 2));
        assertTrue(e.getMessage().contains("label 5"), e.getMessage());
    }
}
