package dev.bss.core.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Hand-computed cosines, the zero-vector convention and the stable softmax. */
class SimilarityTest {

    @Test
    void cosineValues() {
        assertEquals(1.0, Similarity.cosine(new float[] {1, 2, 3}, new float[] {2, 4, 6}), 1e-12);
        assertEquals(-1.0, Similarity.cosine(new float[] {1, 0}, new float[] {-3, 0}), 1e-12);
        assertEquals(0.0, Similarity.cosine(new float[] {1, 0}, new float[] {0, 5}), 1e-12);
        // (1·1 + 1·0) / (sqrt2 · 1) = 1/sqrt2
        assertEquals(1 / Math.sqrt(2), Similarity.cosine(new float[] {1, 1}, new float[] {1, 0}), 1e-7);
        // softmax probabilities of the reference code: (0.5,0.5)·(0.9,0.1) = 0.5 / (0.70711·0.90554) = 0.780869
        assertEquals(0.780869, Similarity.cosine(new float[] {0.5f, 0.5f}, new float[] {0.9f, 0.1f}), 1e-6);
    }

    @Test
    void zeroVectorGivesZeroAndNaNPropagates() {
        assertEquals(0.0, Similarity.cosine(new float[] {0, 0}, new float[] {1, 2}));
        assertEquals(0.0, Similarity.cosine(new float[] {0, 0}, new float[] {0, 0}));
        assertTrue(Double.isNaN(Similarity.cosine(new float[] {Float.NaN, 0}, new float[] {1, 2})));
        assertThrows(IllegalArgumentException.class, () -> Similarity.cosine(new float[] {1}, new float[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> Similarity.cosine(new float[0], new float[0]));
    }

    @Test
    void meanPairwiseCosineOfThreeModalities() {
        float[] a = {1, 0};
        float[] b = {0, 1};
        float[] c = {1, 1};
        // pairs: (a,b) 0, (a,c) 1/sqrt2, (b,c) 1/sqrt2 → mean sqrt2/3
        assertEquals(Math.sqrt(2) / 3, Similarity.meanPairwiseCosine(new float[][] {a, b, c}), 1e-7);
        assertEquals(Similarity.cosine(a, c), Similarity.meanPairwiseCosine(new float[][] {a, c}), 0.0);
        assertThrows(IllegalArgumentException.class, () -> Similarity.meanPairwiseCosine(new float[][] {a}));
    }

    @Test
    void softmaxIsStable() {
        // e^0, e^1, e^2 normalised: 0.090031, 0.244728, 0.665241
        assertArrayEquals(new float[] {0.090031f, 0.244728f, 0.665241f}, Similarity.softmax(new float[] {0, 1, 2}), 1e-6f);
        assertArrayEquals(new float[] {0.090031f, 0.244728f, 0.665241f},
                Similarity.softmax(new float[] {1000, 1001, 1002}), 1e-6f);
        assertArrayEquals(new float[] {0f, 1f}, Similarity.softmax(new float[] {Float.NEGATIVE_INFINITY, 3}), 0f);
        assertThrows(IllegalArgumentException.class, () -> Similarity.softmax(new float[] {Float.NaN}));
        assertThrows(IllegalArgumentException.class, () -> Similarity.softmax(new float[0]));
    }
}
