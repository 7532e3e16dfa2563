package dev.bss.methods.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bss.engine.train.LossWeights;
import dev.bss.methods.MethodRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each baseline's core computation on the hand-made arrays of {@code baselines.md} §B1–B5 (g), compared with the
 * values computed there with numpy (6 digits).
 */
class CoreComputationTest {

    private static final double EPS = 1e-6;

    // ---- B1 OGM-GE ----

    @Test
    void ogmGeCoefficientFromConfidences() {
        float[][] za = {{2, 0, 0}, {1, 0.5f, 0}};
        float[][] zv = {{0.2f, 0, 0}, {0, 0.3f, 0.1f}};
        int[] y = {0, 0};
        double sa = Numerics.trueClassProbabilitySum(za, y);
        double sv = Numerics.trueClassProbabilitySum(zv, y);
        assertEquals(1.293466, sa, EPS);
        assertEquals(0.668586, sv, EPS);
        double[] k = OgmGe.coefficients(new double[] {sa, sv}, 0.8);
        assertEquals(0.086594, k[0], EPS, "audio dominates: k_a = 1 - tanh(0.8 * 1.934631)");
        assertEquals(1.0, k[1], 0.0);
        // swapped roles: the visual modality is dominant and gets the same coefficient
        double[] swapped = OgmGe.coefficients(new double[] {sv, sa}, 0.8);
        assertEquals(1.0, swapped[0], 0.0);
        assertEquals(0.086594, swapped[1], EPS);
    }

    @Test
    void ogmGeCoefficientJumpsAtOneAndTieModulatesFirst() {
        double[] justAbove = OgmGe.coefficients(new double[] {1.0, 1.0 + 1e-9}, 0.8);
        assertEquals(0.335963, justAbove[1], EPS);
        double[] tie = OgmGe.coefficients(new double[] {2.0, 2.0}, 0.8);
        assertEquals(0.335963, tie[0], EPS, "the official else-branch modulates audio at a tie");
        assertEquals(1.0, tie[1], 0.0);
    }

    @Test
    void ogmGeThreeModalitiesUsesRatioToMinimum() {
        double[] k = OgmGe.coefficients(new double[] {1.0, 2.0, 4.0}, 0.1);
        assertEquals(1.0, k[0], 0.0);
        assertEquals(1 - Math.tanh(0.2), k[1], 1e-12);
        assertEquals(1 - Math.tanh(0.4), k[2], 1e-12);
    }

    @Test
    void ogmGeNoiseUsesUnbiasedStd() {
        assertEquals(0.645497, OgmGe.unbiasedStd(new float[] {0.5f, -0.5f, 1f, 0f}), EPS);
        assertEquals(0.0, OgmGe.unbiasedStd(new float[] {3f}), 0.0);
    }

    // ---- B2 AGM ----

    @Test
    void agmResponsesScoresCoefficientsAndAverages() {
        float[][] fav = {{2, 0.5f, 0}, {0.5f, 1, 0}};
        float[][] fa0 = {{1.5f, 0.5f, 0}, {0, 0.8f, 0}};
        float[][] f0v = {{0.8f, 0.3f, 0.2f}, {0.6f, 0.4f, 0.1f}};
        float[][][] coalitions = new float[4][][];
        coalitions[1] = fa0; // audio only
        coalitions[2] = f0v; // visual only
        coalitions[3] = fav;
        float[][][] m = Agm.monoModalResponses(coalitions, 2);
        float[][] expectA = {{1.35f, 0.35f, -0.1f}, {-0.05f, 0.7f, -0.05f}};
        float[][] expectV = {{0.65f, 0.15f, 0.1f}, {0.55f, 0.3f, 0.05f}};
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(expectA[i], m[0][i], 1e-6f);
            assertArrayEquals(expectV[i], m[1][i], 1e-6f);
        }
        int[] y = {0, 0};
        double sa = Numerics.meanCrossEntropy(m[0], y, 1e-8);
        double sv = Numerics.meanCrossEntropy(m[1], y, 1e-8);
        assertEquals(0.943329, sa, EPS);
        assertEquals(0.825129, sv, EPS);
        double[] averages = {0.9, 1.1};
        double[] k = Agm.coefficients(new double[] {sa, sv}, averages, 1.0, 10);
        assertEquals(1.394986, k[0], EPS);
        assertEquals(0.735843, k[1], EPS);
        Agm.updateAverages(averages, new double[] {sa, sv}, 3);
        assertEquals(0.914443, averages[0], EPS);
        assertEquals(1.008376, averages[1], EPS);
    }

    @Test
    void agmShapleyResponsesSumToFullOutputForThreeModalities() {
        float[][][] coalitions = new float[8][][];
        for (int mask = 1; mask < 8; mask++) {
            coalitions[mask] = new float[][] {{mask * 0.3f, -mask * 0.1f + (mask & 1)}};
        }
        float[][][] m = Agm.monoModalResponses(coalitions, 3);
        for (int c = 0; c < 2; c++) {
            assertEquals(coalitions[7][0][c], m[0][0][c] + m[1][0][c] + m[2][0][c], 1e-5);
        }
    }

    @Test
    void agmCapLimitsTheExponent() {
        double[] k = Agm.coefficients(new double[] {20.0, 0.0}, new double[] {0.0, 20.0}, 1.0, 7);
        assertEquals(Math.exp(7), k[0], 1e-9);
    }

    // ---- B3 PMR ----

    @Test
    void pmrScoresPceAndCoefficients() {
        float[][] ea = {{1, 0}, {0, 1}, {0.9f, 0.1f}};
        float[][] ev = {{0.2f, 0}, {0.1f, 0}, {0, 0.2f}};
        int[] y = {0, 1, 0};
        float[][] ca = {{1, 0}, {0, 1}};
        float[][] cv = {{0.2f, 0.1f}, {0, 0}};
        float[][] da = Pmr.distanceLogits(ea, ca);
        float[][] dv = Pmr.distanceLogits(ev, cv);
        double spa = Numerics.trueClassProbabilitySum(da, y);
        double spv = Numerics.trueClassProbabilitySum(dv, y);
        assertEquals(2.364951, spa, EPS);
        assertEquals(1.529432, spv, EPS);
        assertEquals(1.546294, spa / spv, EPS);
        double[] coef = Pmr.coefficients(new double[] {spa, spv}, 5.0);
        assertEquals(0.0, coef[0], 0.0);
        assertEquals(5.0, coef[1], 0.0);
        double pceA = Numerics.meanCrossEntropy(da, y, 0);
        double pceV = Numerics.meanCrossEntropy(dv, y, 0);
        assertEquals(0.238279, pceA, EPS);
        assertEquals(0.674023, pceV, EPS);
        assertEquals(3.370113, coef[0] * pceA + coef[1] * pceV, 5 * EPS);
        double[] tie = Pmr.coefficients(new double[] {1.0, 1.0}, 5.0);
        assertArrayEquals(new double[] {0, 0}, tie, 0.0);
    }

    @Test
    void pmrPrototypeMeanAndEma() {
        // c_new = [[0.4, 0.2], [0, 0.2]] from class means; EMA with mu = 0.2 over c_old = [[0.2, 0.1], [0, 0]]
        float[][] e = {{0.3f, 0.1f}, {0.5f, 0.3f}, {0f, 0.2f}};
        int[] y = {0, 0, 1};
        float[][] fresh = Pmr.prototypes(e, y, 2, null, 0.2);
        assertArrayEquals(new float[] {0.4f, 0.2f}, fresh[0], 1e-6f);
        assertArrayEquals(new float[] {0f, 0.2f}, fresh[1], 1e-6f);
        float[][] ema = Pmr.prototypes(e, y, 2, new float[][] {{0.2f, 0.1f}, {0, 0}}, 0.2);
        assertArrayEquals(new float[] {0.36f, 0.18f}, ema[0], 1e-6f);
        assertArrayEquals(new float[] {0f, 0.16f}, ema[1], 1e-6f);
    }

    @Test
    void pmrAbsentClassKeepsOldPrototype() {
        float[][] old = {{1, 1}, {2, 2}, {3, 3}};
        float[][] p = Pmr.prototypes(new float[][] {{0, 0}}, new int[] {0}, 3, old, 0.0);
        assertArrayEquals(new float[] {0, 0}, p[0], 0f);
        assertArrayEquals(new float[] {2, 2}, p[1], 0f);
        assertArrayEquals(new float[] {3, 3}, p[2], 0f);
    }

    // ---- B4 MSLR ----

    @Test
    void mslrDynamicRates() {
        Deque<Double> a = new ArrayDeque<>(List.of(0.50, 0.52, 0.55, 0.56, 0.57));
        Deque<Double> v = new ArrayDeque<>(List.of(0.30, 0.31, 0.33, 0.33, 0.34));
        double qa = Mslr.updateMemory(a, 0.58, 5);
        double qv = Mslr.updateMemory(v, 0.32, 5);
        assertEquals(1.074074, qa, EPS);
        assertEquals(0.993789, qv, EPS);
        assertEquals(0.966667, 0.9 * qa, EPS);
        assertEquals(1.093168, 1.1 * qv, EPS);
        assertEquals(List.of(0.52, 0.55, 0.56, 0.57, 0.58), List.copyOf(a));
    }

    @Test
    void mslrMemoryFillsBeforeScaling() {
        Deque<Double> memory = new ArrayDeque<>();
        for (int i = 0; i < 5; i++) {
            assertEquals(1.0, Mslr.updateMemory(memory, 0.1 * (i + 1), 5), 0.0);
        }
        assertEquals(5, memory.size());
        assertEquals(0.6 / 0.3, Mslr.updateMemory(memory, 0.6, 5), 1e-12);
    }

    @Test
    void mslrSmoothMovesToGlobalRate() {
        assertEquals(0.9, Mslr.smoothRate(0.9, 1, 10), 1e-12);
        assertEquals(0.95, Mslr.smoothRate(0.9, 6, 10), 1e-12);
        assertEquals(1.0, Mslr.smoothRate(0.9, 11, 10), 1e-12);
        assertEquals(1.0, Mslr.smoothRate(0.9, 50, 10), 1e-12);
    }

    // ---- B5 MSES ----

    @Test
    void msesSmoothingBestEpochAndStop() {
        Mses.StoppingTracker t = new Mses.StoppingTracker(1, 80, 0.6);
        double[] raw = {1.50, 1.30, 1.20, 1.25, 1.40};
        boolean[] improved = new boolean[raw.length];
        for (int e = 1; e <= raw.length; e++) {
            improved[e - 1] = !t.update(e, new double[] {raw[e - 1]}).improved().isEmpty();
        }
        double[] smoothed = t.smoothedHistory().stream().mapToDouble(r -> r[0]).toArray();
        assertArrayEquals(new double[] {1.50, 1.42, 1.26, 1.22, 1.31}, smoothed, 1e-12);
        assertEquals(4, t.bestEpoch(0));
        assertArrayEquals(new boolean[] {true, true, true, true, false}, improved);
        for (int e = 6; e <= 84; e++) {
            assertTrue(t.update(e, new double[] {5.0}).stopped().isEmpty(), "epoch " + e);
        }
        assertEquals(List.of(0), t.update(85, new double[] {5.0}).stopped(), "stops when t - t* > P: 85 - 4 > 80");
        assertTrue(t.isStopped(0));
        assertTrue(t.allStopped());
    }

    @Test
    void msesStopsModalitiesSeparately() {
        Mses.StoppingTracker t = new Mses.StoppingTracker(2, 1, 0.6);
        t.update(1, new double[] {1.0, 1.0});
        t.update(2, new double[] {2.0, 0.5});
        Mses.StoppingTracker.Decision d = t.update(3, new double[] {2.0, 0.4});
        assertEquals(List.of(0), d.stopped());
        assertEquals(List.of(1), d.improved());
        assertFalse(t.allStopped());
    }

    // ---- B2 AGM: the fused head's blocks, B4/B5 MSLR/MSES: the official objective ----

    /**
     * Concat head, K = 2, D = (2, 1), k = (2, 0.5): weight gradient [[1, 2, 3], [4, 5, 6]] becomes
     * [[2, 4, 1.5], [8, 10, 3]] (audio columns × 2, visual column × 0.5), bias gradient [1, −2] becomes [1.25, −2.5]
     * (× mean(k) = 1.25, the 1/M Shapley share of the bias in each mono-modal response).
     */
    @Test
    void agmScalesTheConcatHeadsBlocksAndItsBias() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            NDArray b = m.create(new float[] {1, -2});
            Agm.scaleConcatHead(w, b, new int[] {2, 1}, new double[] {2, 0.5});
            assertArrayEquals(new float[] {2, 4, 1.5f, 8, 10, 3}, w.toFloatArray(), 0f);
            assertArrayEquals(new float[] {1.25f, -2.5f}, b.toFloatArray(), 0f);
        }
    }

    /**
     * The official hooks on the two-modality example of §B2 (g), worked through by hand for a linear head: with the
     * fused output's gradient g (per sample), ∂L/∂m_a = k_a g and ∂L/∂m_v = k_v g; f_av, f_0v, f_a0 receive
     * ½(k_a + k_v) g, ½(k_v − k_a) g, ½(k_a − k_v) g. W_a sees e_a in f_av and f_a0: ½(k_a + k_v) + ½(k_a − k_v) = k_a;
     * the bias is in all three: ½(k_a + k_v) + ½(k_v − k_a) + ½(k_a − k_v) = ½(k_a + k_v) = mean(k). With §B2's
     * k = (1.394986, 0.735843): block multipliers (1.394986, 0.735843), bias multiplier 1.0654145.
     */
    @Test
    void agmHeadMultipliersMatchTheOfficialHooksOnTheSpecExample() {
        double ka = 1.394986;
        double kv = 0.735843;
        double weightA = 0.5 * (ka + kv) + 0.5 * (ka - kv);
        double bias = 0.5 * (ka + kv) + 0.5 * (kv - ka) + 0.5 * (ka - kv);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.ones(new Shape(1, 2));
            NDArray b = m.ones(new Shape(1));
            Agm.scaleConcatHead(w, b, new int[] {1, 1}, new double[] {ka, kv});
            assertEquals(weightA, w.toFloatArray()[0], 1e-6);
            assertEquals(1.394986, w.toFloatArray()[0], 1e-6);
            assertEquals(0.735843, w.toFloatArray()[1], 1e-6);
            assertEquals(bias, b.toFloatArray()[0], 1e-6);
            assertEquals(1.0654145, b.toFloatArray()[0], 1e-6);
        }
    }

    @Test
    void mslrAndMsesTrainTheSumOfTheirHeadsByDefaultAndTheLoopObjectiveOnRequest() {
        for (String id : List.of("mslr", "mses")) {
            LossWeights faithful = MethodRegistry.create(id, Map.of()).lossWeights();
            assertEquals(LossWeights.SUM_OF_HEADS, faithful, id);
            assertEquals(List.of("audio", "image"), faithful.trainedHeads(List.of("audio", "image")),
                    id + ": trained and predicted with the unimodal heads, the fused head unused");
            assertEquals(LossWeights.FUSED_AND_UNIMODAL,
                    MethodRegistry.create(id, Map.of("loss-mode", "loop")).lossWeights(), id);
        }
    }
}
