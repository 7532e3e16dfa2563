package dev.bss.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-computed values (the same as scikit-learn's average_precision_score / f1_score(average='macro')). */
class ClassificationMetricsTest {

    @Test
    void averagePrecisionWithoutTies() {
        // thresholds 0.9 (P 1, R .5), 0.8 (R .5), 0.7 (P 2/3, R 1), 0.6: AP = .5·1 + .5·2/3 = 5/6
        assertEquals(5.0 / 6, ClassificationMetrics.averagePrecision(new double[] {0.9, 0.8, 0.7, 0.6},
                new boolean[] {true, false, true, false}), 1e-12);
    }

    @Test
    void averagePrecisionGroupsTies() {
        // threshold 0.5 holds one positive and one negative: P .5 at R .5; then P 2/3 at R 1 → .25 + 1/3
        assertEquals(0.25 + 1.0 / 3, ClassificationMetrics.averagePrecision(new double[] {0.5, 0.5, 0.1},
                new boolean[] {true, false, true}), 1e-12);
        assertEquals(0, ClassificationMetrics.averagePrecision(new double[] {0.5, 0.1}, new boolean[] {false, false}));
    }

    @Test
    void meanAveragePrecisionOverClasses() {
        // 3 samples, 2 classes; labels 0, 1, 0
        float[] p = {0.8f, 0.2f, 0.4f, 0.6f, 0.3f, 0.7f};
        // class 0 scores .8,.4,.3 positives {0,2}: .8 P1 R.5 → .5; .4 P.5 R.5; .3 P 2/3 R1 → +1/3 → 5/6
        // class 1 scores .2,.6,.7 positive {1}: .7 neg, .6 pos P .5 R 1 → .5
        assertEquals((5.0 / 6 + 0.5) / 2, ClassificationMetrics.meanAveragePrecision(p, new int[] {0, 1, 0}, 2), 1e-7);
    }

    @Test
    void macroF1OverPresentClasses() {
        // class 0: tp1 fp1 fn1 → .5; class 1: tp2 fp1 → .8; class 2: fn1 → 0; class 3 absent
        assertEquals((0.5 + 0.8 + 0) / 3, ClassificationMetrics.macroF1(new int[] {0, 1, 1, 1, 0}, new int[] {0, 0, 1, 1, 2}, 4), 1e-12);
        assertEquals(0.6, ClassificationMetrics.accuracy(new int[] {0, 1, 1, 1, 0}, new int[] {0, 0, 1, 1, 2}), 1e-12);
    }

    @Test
    void crossEntropyAndSoftmax() {
        float[] logits = {0f, (float) Math.log(3)};
        assertEquals(Math.log(4), ClassificationMetrics.crossEntropy(logits, new int[] {0}, 2)[0], 1e-6);
        assertEquals(0.75f, ClassificationMetrics.softmax(logits, 2)[1], 1e-6f);
        assertEquals(1, ClassificationMetrics.argmax(logits, 2)[0]);
    }

    @Test
    void imbalanceRatio() {
        assertEquals(2.0, SplitMetrics.imbalanceRatio(Map.of("audio", 0.8, "image", 0.4)), 1e-12);
        assertEquals(Double.NaN, SplitMetrics.imbalanceRatio(Map.of("audio", 0.8)));
        assertEquals(Double.NaN, SplitMetrics.imbalanceRatio(Map.of("audio", 0.8, "image", 0.0)));
    }
}
