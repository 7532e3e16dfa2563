package dev.bss.engine.metrics;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Classification metrics as the reference code computes them with scikit-learn.
 *
 * <ul>
 *   <li>{@link #accuracy}: fraction of exact matches.</li>
 *   <li>{@link #averagePrecision}: sklearn {@code average_precision_score}: {@code AP = Σ_n (R_n − R_{n−1}) P_n} over
 *       the distinct score thresholds in decreasing order (tied scores form one threshold).</li>
 *   <li>{@link #meanAveragePrecision}: mean over classes of the one-vs-rest AP of each class's score column. Classes
 *       without a positive sample are skipped (sklearn would count them as 0 with a warning); NaN if no class
 *       has a positive.</li>
 *   <li>{@link #macroF1}: sklearn {@code f1_score(average='macro')}: mean over the classes present in the labels or
 *       the predictions of {@code 2TP / (2TP + FP + FN)}.</li>
 * </ul>
 */
public final class ClassificationMetrics {

    private ClassificationMetrics() {
    }

    public static double accuracy(int[] predictions, int[] labels) {
        check(predictions.length == labels.length, "predictions and labels differ in length");
        if (labels.length == 0) {
            return Double.NaN;
        }
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predictions[i] == labels[i]) {
                correct++;
            }
        }
        return correct / (double) labels.length;
    }

    /**
     * Average precision of scores for a binary relevance vector.
     *
     * @return AP in [0, 1]; 0 when there are no positives (as sklearn, which sets recall to 1 throughout)
     */
    public static double averagePrecision(double[] scores, boolean[] positive) {
        check(scores.length == positive.length, "scores and labels differ in length");
        int positives = 0;
        for (boolean p : positive) {
            if (p) {
                positives++;
            }
        }
        if (positives == 0) {
            return 0;
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        double ap = 0;
        double previousRecall = 0;
        int tp = 0;
        int seen = 0;
        int i = 0;
        while (i < order.length) {
            double threshold = scores[order[i]];
            while (i < order.length && scores[order[i]] == threshold) {
                if (positive[order[i]]) {
                    tp++;
                }
                seen++;
                i++;
            }
            double recall = tp / (double) positives;
            double precision = tp / (double) seen;
            ap += (recall - previousRecall) * precision;
            previousRecall = recall;
        }
        return ap;
    }

    /**
     * Mean over classes of one-vs-rest average precision.
     *
     * @param probabilities row-major {@code n × K} scores (softmax of the summed logits)
     */
    public static double meanAveragePrecision(float[] probabilities, int[] labels, int numClasses) {
        int n = labels.length;
        check(probabilities.length == (long) n * numClasses, "probabilities must be n x K");
        double sum = 0;
        int counted = 0;
        for (int k = 0; k < numClasses; k++) {
            double[] scores = new double[n];
            boolean[] positive = new boolean[n];
            boolean any = false;
            for (int i = 0; i < n; i++) {
                scores[i] = probabilities[i * numClasses + k];
                positive[i] = labels[i] == k;
                any |= positive[i];
            }
            if (any) {
                sum += averagePrecision(scores, positive);
                counted++;
            }
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    /** Macro-averaged F1 over the classes that occur in labels or predictions. */
    public static double macroF1(int[] predictions, int[] labels, int numClasses) {
        check(predictions.length == labels.length, "predictions and labels differ in length");
        long[] tp = new long[numClasses];
        long[] fp = new long[numClasses];
        long[] fn = new long[numClasses];
        boolean[] present = new boolean[numClasses];
        for (int i = 0; i < labels.length; i++) {
            present[labels[i]] = true;
            present[predictions[i]] = true;
            if (predictions[i] == labels[i]) {
                tp[labels[i]]++;
            } else {
                fp[predictions[i]]++;
                fn[labels[i]]++;
            }
        }
        double sum = 0;
        int classes = 0;
        for (int k = 0; k < numClasses; k++) {
            if (!present[k]) {
                continue;
            }
            long denominator = 2 * tp[k] + fp[k] + fn[k];
            sum += denominator == 0 ? 0 : 2.0 * tp[k] / denominator;
            classes++;
        }
        return classes == 0 ? Double.NaN : sum / classes;
    }

    /** Row-wise argmax of a row-major {@code n × K} matrix (first maximum wins). */
    public static int[] argmax(float[] values, int numClasses) {
        int n = values.length / numClasses;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int k = 1; k < numClasses; k++) {
                if (values[i * numClasses + k] > values[i * numClasses + best]) {
                    best = k;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Row-wise softmax (numerically stable) of a row-major {@code n × K} matrix. */
    public static float[] softmax(float[] logits, int numClasses) {
        float[] out = new float[logits.length];
        double[] row = new double[numClasses];
        for (int i = 0; i < logits.length / numClasses; i++) {
            dev.bss.core.measure.Similarity.softmax(logits, i * numClasses, numClasses, row);
            for (int k = 0; k < numClasses; k++) {
                out[i * numClasses + k] = (float) row[k];
            }
        }
        return out;
    }

    /** Per-row cross-entropy {@code −log softmax(logits)[label]}. */
    public static double[] crossEntropy(float[] logits, int[] labels, int numClasses) {
        double[] out = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < numClasses; k++) {
                max = Math.max(max, logits[i * numClasses + k]);
            }
            double sum = 0;
            for (int k = 0; k < numClasses; k++) {
                sum += Math.exp(logits[i * numClasses + k] - max);
            }
            out[i] = Math.log(sum) + max - logits[i * numClasses + labels[i]];
        }
        return out;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
