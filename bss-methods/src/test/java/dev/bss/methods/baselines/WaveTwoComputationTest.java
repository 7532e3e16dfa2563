package dev.bss.methods.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.bss.engine.model.ModelOutputs;
import dev.bss.methods.MethodRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every numeric example of {@code baselines.md} §A1–A6 (g), to 1e-6 on the double-precision functions; the
 * float32 NDArray paths the training uses (ReconBoost's boosting loss and its gradient, DOMFN's gated loss, MLA's
 * test-time fusion) are checked against the same numbers to float precision.
 */
class WaveTwoComputationTest {

    private static final double EPS = 1e-6;

    // ---------------------------------------------------------------- A1 Gradient-Blending

    @Test
    void gradientBlendingWeightsOfTheExample() {
        // (L^T start, L^V start) and (L^T end, L^V end) for audio, visual, fused
        double[][] before = {{1.60, 1.65}, {1.75, 1.78}, {1.55, 1.60}};
        double[][] after = {{1.20, 1.45}, {1.50, 1.70}, {1.00, 1.40}};
        double[][] r = GradientBlending.weights(before, after, 1e-6);
        assertArrayEquals(new double[] {0.531869, 0.294460, 0.173671}, r[0], EPS);
        assertArrayEquals(new double[] {1.000, 2.125, 1.750}, r[1], EPS);
        assertArrayEquals(new double[] {5.000000, 2.768166, 1.632653}, r[2], EPS);
        double[] literal = r[0].clone();
        for (int k = 0; k < literal.length; k++) {
            literal[k] *= 2;
        }
        assertArrayEquals(new double[] {1.063737, 0.588920, 0.347343}, literal, EPS, "the paper's Z read literally (sum 2)");
        assertEquals(1.112496, GradientBlending.blendedLoss(r[0], new double[] {1.0, 1.5, 0.8}), EPS);
    }

    @Test
    void gradientBlendingGuards() {
        // audio generalises worse (ΔG < 0): weight 0; visual's overfitting does not change: ΔO² floored at ε
        double[][] r = GradientBlending.weights(new double[][] {{1, 1}, {1, 1.2}}, new double[][] {{0.5, 1.1}, {0.9, 1.1}}, 1e-6);
        assertEquals(0, r[0][0], 0);
        assertEquals(1, r[0][1], 0);
        assertEquals(0.1 / 1e-6, r[2][1], 1e-3);
        double[][] none = GradientBlending.weights(new double[][] {{1, 1}, {1, 1}}, new double[][] {{1, 1.5}, {1, 1.5}}, 1e-6);
        assertArrayEquals(new double[] {0.5, 0.5}, none[0], 0, "every raw weight 0: uniform");
    }

    // ---------------------------------------------------------------- A2 DOMFN

    private static final float[] ZA = {2, -1, 0};

    @Test
    void domfnAgreeingSample() {
        float[] zv = {1.5f, -0.5f, 0};
        float[] zf = {1.8f, -0.8f, 0};
        double[] sa = Domfn.sigmoid(ZA);
        double[] sv = Domfn.sigmoid(zv);
        double[] sf = Domfn.sigmoid(zf);
        assertArrayEquals(new double[] {0.880797, 0.268941, 0.5}, sa, EPS);
        assertArrayEquals(new double[] {0.817574, 0.377541, 0.5}, sv, EPS);
        assertArrayEquals(new double[] {0.858149, 0.310026, 0.5}, sf, EPS);
        double[] p = Domfn.penalties(new float[][] {ZA, zv}, zf, false);
        assertArrayEquals(new double[] {0.001688, 0.004558}, p, EPS);
        assertEquals(0.008440, p[0] / 0.2, EPS);
        assertEquals(0.022791, p[1] / 0.2, EPS);
        double ceA = Domfn.crossEntropy(sa, 0);
        double ceV = Domfn.crossEntropy(sv, 0);
        double ceF = Domfn.crossEntropy(sf, 0);
        assertEquals(0.800054, ceA, EPS);
        assertEquals(0.863703, ceV, EPS);
        assertEquals(0.822860, ceF, EPS);
        double la = Domfn.unimodalLoss(ceA, p[0], 0.5);
        double lv = Domfn.unimodalLoss(ceV, p[1], 0.5);
        assertEquals(0.319199, la, EPS);
        assertEquals(0.370712, lv, EPS);
        assertEquals(3.176527, la + lv + ceA + ceV + ceF, 2e-6, "total of the fused rule (rounded terms sum to 3.176528)");
        assertEquals(-1, Domfn.select(new float[][] {ZA, zv}, zf, 0.8, 0.2, false), "g = 1: predict with the fused score");
    }

    @Test
    void domfnDivergingSample() {
        float[] zv = {-1, 1, 0};
        float[] zf = {1, 0, -1};
        assertArrayEquals(new double[] {0.268941, 0.731059, 0.5}, Domfn.sigmoid(zv), EPS);
        assertArrayEquals(new double[] {0.731059, 0.5, 0.268941}, Domfn.sigmoid(zf), EPS);
        double[] p = Domfn.penalties(new float[][] {ZA, zv}, zf, false);
        assertArrayEquals(new double[] {0.053388, 0.213552}, p, EPS);
        assertEquals(1.067761, p[1] / 0.2, EPS);
        double ceV = Domfn.crossEntropy(Domfn.sigmoid(zv), 0);
        assertEquals(1.347388, ceV, EPS);
        assertEquals(0.293349, Domfn.unimodalLoss(Domfn.crossEntropy(Domfn.sigmoid(ZA), 0), p[0], 0.5), EPS);
        assertEquals(0.800952, Domfn.unimodalLoss(ceV, p[1], 0.5), EPS);
        assertEquals(0, Domfn.select(new float[][] {ZA, zv}, zf, 0.8, 0.2, false), "g = 0: audio is the most confident");
        assertArrayEquals(new double[] {0.093592, 0.093592}, Domfn.penalties(new float[][] {ZA, zv}, zf, true), EPS,
                "against the mean unimodal score");
        assertEquals(0, Domfn.select(new float[][] {ZA, ZA}, new float[] {-5, -5, 5}, 0.8, 0.2, false), "a tie goes to the lower index");
    }

    @Test
    void domfnBatchedLossMatchesAndKeepsDivergedGradientsInTheirBranch() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray za = nd.create(new float[] {2, -1, 0, 2, -1, 0}, new Shape(2, 3));
            NDArray zv = nd.create(new float[] {1.5f, -0.5f, 0, -1, 1, 0}, new Shape(2, 3));
            NDArray zf = nd.create(new float[] {1.8f, -0.8f, 0, 1, 0, -1}, new Shape(2, 3));
            for (NDArray a : new NDArray[] {za, zv, zf}) {
                a.setRequiresGradient(true);
            }
            NDArray y = nd.create(new float[] {1, 0, 0, 1, 0, 0}, new Shape(2, 3));
            float[] loss;
            float[] gate;
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray[] frozen = {zf.stopGradient(), zf.stopGradient()};
                NDArray[] r = Domfn.perSampleLoss(new NDArray[] {za, zv}, zf, frozen, y, 0.8, 0.5, 0.2, false, true);
                loss = r[0].toFloatArray();
                gate = r[1].toFloatArray();
                c.backward(r[0].sum());
            }
            assertArrayEquals(new float[] {1, 0}, gate);
            assertEquals(3.176527, loss[0], 1e-5);
            assertEquals(0.293349 + 0.800952, loss[1], 1e-5);
            float[] gf = zf.getGradient().toFloatArray();
            assertTrue(Math.abs(gf[0]) + Math.abs(gf[1]) + Math.abs(gf[2]) > 1e-3, "the fused sample trains the fusion head");
            assertArrayEquals(new float[] {0, 0, 0}, java.util.Arrays.copyOfRange(gf, 3, 6), "the diverged sample does not");
            float[] gv = zv.getGradient().toFloatArray();
            assertTrue(Math.abs(gv[3]) + Math.abs(gv[4]) + Math.abs(gv[5]) > 1e-3, "the diverged sample trains each branch");
        }
    }

    // ---------------------------------------------------------------- A3 ReconBoost

    @Test
    void reconBoostLossOfTheExample() {
        float[] z = {2, 1, 0};
        float[] ensemble = {0.5f, 1.5f, 0};
        assertArrayEquals(new double[] {0.665241, 0.244728, 0.090031}, Numerics.softmax(z), EPS);
        assertArrayEquals(new double[] {0.231224, 0.628532, 0.140244}, Numerics.softmax(ensemble), EPS);
        double first = ReconBoost.boostLoss(z, ensemble, 0, 5, 1);
        assertEquals(0.647927, first, EPS);
        assertEquals(1.589592, (5 - Numerics.softmax(ensemble)[0]) / 3, EPS);
        double second = ReconBoost.boostLoss(new float[] {0, 0, 1}, new float[] {0, 0, 3}, 2, 5, 1);
        assertEquals(0.751905, second, EPS);
        assertEquals(0.699916, (first + second) / 2, EPS);
        assertEquals(0.733370, Numerics.meanCrossEntropy(new float[][] {{2.5f, 2.5f, 0}}, new int[] {0}, 0), EPS, "phase B: CE(β(z_a+z_v))");
        assertEquals((5 - 1) / 3.0 * 0.407606, ReconBoost.boostLoss(z, null, 0, 5, 1), EPS, "empty ensemble: q = 1");
    }

    @Test
    void reconBoostNdArrayLossAndGradient() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray z = nd.create(new float[] {2, 1, 0, 0, 0, 1}, new Shape(2, 3));
            z.setRequiresGradient(true);
            NDArray q = nd.create(new float[] {0.5f, 1.5f, 0, 0, 0, 3}, new Shape(2, 3)).softmax(1);
            NDArray y = nd.create(new float[] {1, 0, 0, 0, 0, 1}, new Shape(2, 3));
            float[] loss;
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray l = ReconBoost.boostLoss(z, q, y, 5, 1);
                loss = l.toFloatArray();
                c.backward(l.get(0));
            }
            assertEquals(0.647927, loss[0], 1e-6);
            assertEquals(0.751905, loss[1], 1e-6);
            float[] g = z.getGradient().toFloatArray();
            assertArrayEquals(new float[] {-0.532130f, 0.389018f, 0.143112f}, java.util.Arrays.copyOf(g, 3), 1e-6f,
                    "∂ℓ/∂z = 1.589592 (π − Y): the ensemble weight is a constant");
        }
    }

    // ---------------------------------------------------------------- A4 MMPareto

    @Test
    void mmParetoConflictCase() {
        double[][] gf = {{1, 0}, {0.5}};
        double[][] gu = {{-0.6, 0.8}, {-0.2}};
        double[] c = MmPareto.combination(1.25, -0.70, 1.04);
        assertEquals(-0.613941, c[0], EPS);
        assertEquals(0.471545, c[1], EPS);
        assertEquals(0.528455, c[2], EPS);
        double[] h = {2 * (c[1] * 1 + c[2] * -0.6), 2 * (c[2] * 0.8), 2 * (c[1] * 0.5 + c[2] * -0.2)};
        assertEquals(0.439024, h[0] * 1 + h[2] * 0.5, EPS, "⟨h, g^f⟩");
        assertEquals(0.439024, h[0] * -0.6 + h[1] * 0.8 + h[2] * -0.2, EPS, "⟨h, g^u⟩: a common descent direction");
        double[][] g = MmPareto.encoderGradients(gf, gu, 1.5);
        assertArrayEquals(new double[] {0.463415, 1.268293}, g[0], EPS, "W1: r = 0.993585 <= 1, grad = 1.5 h");
        assertArrayEquals(new double[] {0.45}, g[1], EPS, "W2: r = 1.153125 > 1, grad = 1.5 r h");
    }

    @Test
    void mmParetoAgreeingCase() {
        double[][] g = MmPareto.encoderGradients(new double[][] {{1, 0}, {0.5}}, new double[][] {{0.6, 0.8}, {0.2}}, 1.5);
        assertEquals(0.613941, MmPareto.combination(1.25, 0.70, 1.04)[0], EPS);
        assertArrayEquals(new double[] {2.4, 1.2}, g[0], EPS);
        assertArrayEquals(new double[] {1.05}, g[1], EPS);
    }

    @Test
    void mmParetoMgdaEdgesAndZeroCosine() {
        // in the conflict branch v12 <= 0, so the end points are reached only by a zero gradient (undefined cosine)
        assertEquals(0.999, MmPareto.combination(0, 0, 4)[1], 0, "g^f = 0: v12 >= v11");
        assertEquals(0.001, MmPareto.combination(4, 0, 0)[1], 0, "g^u = 0: v12 >= v22");
        assertEquals(0.5, MmPareto.combination(1, 0, 1)[1], 0, "cos = 0 goes to MGDA: orthogonal equal norms give 0.5");
        double[][] zero = MmPareto.encoderGradients(new double[][] {{0, 0}}, new double[][] {{0, 0}}, 1.5);
        assertArrayEquals(new double[] {0, 0}, zero[0], 0, "no gradient stays none (no division by zero)");
    }

    // ---------------------------------------------------------------- A5 SMV

    /** Correctness by subset mask (1 = audio, 2 = visual, 3 = both) from (fused, audio-only, visual-only). */
    private static boolean[] correct(int fused, int audio, int visual) {
        return new boolean[] {false, audio == 1, visual == 1, fused == 1};
    }

    @Test
    void smvContributionsAndCopiesOfTheExample() {
        int[][] rows = {{1, 1, 1}, {1, 0, 1}, {0, 1, 0}, {0, 0, 1}, {0, 0, 0}};
        double[][] phi = {{1.0, 1.0}, {0.5, 1.5}, {0.5, -0.5}, {-0.5, 0.5}, {0, 0}};
        int[][] copies = {{0, 0}, {1, 0}, {1, 3}, {3, 1}, {2, 2}};
        for (int i = 0; i < rows.length; i++) {
            double[] p = Smv.shapley(Smv.values(correct(rows[i][0], rows[i][1], rows[i][2])), 2);
            assertArrayEquals(phi[i], p, EPS, "sample " + i);
            assertEquals(copies[i][0], Smv.copies(p[0]), "audio-only copies of sample " + i);
            assertEquals(copies[i][1], Smv.copies(p[1]), "visual-only copies of sample " + i);
        }
        assertEquals(0, Smv.copies(1.5));
    }

    @Test
    void smvModalityLevelOfTheExample() {
        double meanA = (1.0 + 0.5 + 0.5 - 0.5) / 4;
        double meanV = (1.0 + 1.5 - 0.5 + 0.5) / 4;
        assertEquals(0.375, meanA, EPS);
        assertEquals(0.625, meanV, EPS);
        double[] gaps = {1 - meanA, 1 - meanV};
        double p = Smv.modalityLevelFraction(gaps, 1.0, "linear");
        assertEquals(0.166667, p, EPS);
        assertEquals(166, (int) Math.floor(p * 1000), "N = 1000: 166 audio-only copies");
        assertEquals(0.165140, Smv.modalityLevelFraction(gaps, 1.0, "tanh"), EPS);
        assertEquals(0.068041, Smv.modalityLevelFraction(gaps, 1.0, "square"), EPS);
    }

    @Test
    void smvThreeModalitiesShapleyIsEfficient() {
        boolean[] correct = {false, true, false, true, false, false, true, true}; // a, ab, bc, abc correct
        double[] v = Smv.values(correct);
        double[] phi = Smv.shapley(v, 3);
        assertEquals(3, phi[0] + phi[1] + phi[2], 1e-12, "Σ φ = v(all)");
        // a: S=∅: 1/3·(1−0); {b}: 1/6·(2−0); {c}: 1/6·(0−0); {b,c}: 1/3·(3−2)
        assertEquals(1.0 / 3 + 2.0 / 6 + 0 + 1.0 / 3, phi[0], 1e-12);
    }

    // ---------------------------------------------------------------- A6 MLA

    @Test
    void mlaProjectionOfTheExample() {
        double[][] p = Mla.identity(3);
        double alpha = Mla.projectionAlpha(0, 10);
        assertEquals(0.1, alpha, EPS);
        double[] r = {1, 1, 1}; // batch mean of [[1,0,1],[1,2,1]]
        // before normalisation: diagonal 0.677419, off-diagonal −0.322581; check through the normalised values
        Mla.updateProjector(p, r, alpha);
        double unnormalisedDiagonal = 1 - 1 / 3.1;
        assertEquals(0.677419, unnormalisedDiagonal, EPS);
        assertEquals(0.478883, p[0][0], EPS);
        assertEquals(-0.228040, p[0][1], EPS);
        assertEquals(-0.228040, p[2][1], EPS);
        double[][] g = Mla.project(new double[][] {{1, 0, 0}, {0, 1, -1}}, p);
        assertArrayEquals(new double[] {0.478883, -0.228040, -0.228040}, g[0], EPS);
        assertArrayEquals(new double[] {0, 0.706923, -0.706923}, g[1], EPS);
        assertArrayEquals(new double[] {1.478883, -0.228040, -0.228040}, new double[] {1 + g[0][0], g[0][1], g[0][2]}, EPS,
                "BalanceBenchmark's G + G Pᵀ (not used)");
        assertEquals(0.031623, Mla.projectionAlpha(5, 10), EPS);
    }

    @Test
    void mlaEntropyFusionOfTheExample() {
        double[] w = Mla.entropyWeights(new float[][] {{2, 0, 0}, {0.5f, 0.4f, 0.3f}});
        assertArrayEquals(new double[] {0.605806, 0.394194}, w, EPS);
        assertArrayEquals(new double[] {0.361207, 0.638793}, Mla.entropyWeights(new float[][] {{0, 1, 0}, {0.2f, 0.1f, 3}}), EPS);
        assertArrayEquals(new double[] {0.55, 0.45}, Mla.defaultFixedWeights(2), 0);
        assertArrayEquals(new double[] {0.35, 0.25, 0.40}, Mla.defaultFixedWeights(3), 0);
    }

    @Test
    void mlaPredictionRuleOnNdArrays() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray oa = nd.create(new float[] {2, 0, 0, 0, 1, 0}, new Shape(2, 3));
            NDArray ov = nd.create(new float[] {0.5f, 0.4f, 0.3f, 0.2f, 0.1f, 3}, new Shape(2, 3));
            ModelOutputs out = new ModelOutputs(new NDList(nd.zeros(new Shape(2, 3)), oa, ov, nd.zeros(new Shape(2, 4)), nd.zeros(new Shape(2, 4))), 2);
            float[] sample = ((Mla) MethodRegistry.create("mla", Map.of())).prediction(out).toFloatArray();
            assertArrayEquals(new float[] {1.408708f, 0.157678f, 0.118258f}, java.util.Arrays.copyOf(sample, 3), 1e-6f);
            float[] fixed = ((Mla) MethodRegistry.create("mla", Map.of("fusion", "fixed"))).prediction(out).toFloatArray();
            assertArrayEquals(new float[] {1.325f, 0.18f, 0.135f}, java.util.Arrays.copyOf(fixed, 3), 1e-6f);
            float[] batch = ((Mla) MethodRegistry.create("mla", Map.of("entropy-scope", "batch"))).prediction(out).toFloatArray();
            double wa = 0.489610;
            double wv = 0.510390;
            float[] expected = new float[6];
            float[] a = oa.toFloatArray();
            float[] v = ov.toFloatArray();
            for (int i = 0; i < 6; i++) {
                expected[i] = (float) (wa * a[i] + wv * v[i]);
            }
            assertArrayEquals(expected, batch, 1e-5f, "[ML] batch-level weights 0.489610 / 0.510390 for both samples");
        }
    }
}
