package dev.bss.core.measure;

/**
 * Cosine similarities and the softmax used by the correlation criteria (method.md E1, E9, D2).
 * Arithmetic is in double precision whatever the input type.
 */
public final class Similarity {

    private Similarity() {
    }

    /**
     * Cosine similarity {@code a·b / (||a||₂ ||b||₂)} (appendix Table 1).
     *
     * <p>Edge cases: if either vector has zero norm the result is defined as {@code 0} (no direction,
     * so no agreement). NaN components propagate (result NaN). The result is clamped to [-1, 1] to
     * remove rounding overshoot.
     *
     * @throws IllegalArgumentException if the lengths differ or a vector is empty
     */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("cosine: vector lengths differ (" + a.length + " vs " + b.length + ")");
        }
        if (a.length == 0) {
            throw new IllegalArgumentException("cosine: empty vectors");
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            double x = a[i];
            double y = b[i];
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        if (Double.isNaN(dot) || Double.isNaN(na) || Double.isNaN(nb)) {
            return Double.NaN;
        }
        if (na == 0 || nb == 0) {
            return 0.0;
        }
        double c = dot / (Math.sqrt(na) * Math.sqrt(nb));
        return Math.max(-1.0, Math.min(1.0, c));
    }

    /**
     * Mean of the pairwise cosines of {@code m ≥ 2} modality vectors: {@code (2 / (m(m−1))) Σ_{i<j} cos(v_i, v_j)}
     * (reference code, NVGesture with three modalities; for two modalities it is the plain cosine).
     *
     * @param perModality one vector per modality, all the same length
     * @throws IllegalArgumentException with fewer than two modalities or unequal lengths
     */
    public static double meanPairwiseCosine(float[][] perModality) {
        if (perModality.length < 2) {
            throw new IllegalArgumentException("meanPairwiseCosine: needs at least 2 modalities, got " + perModality.length);
        }
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < perModality.length; i++) {
            for (int j = i + 1; j < perModality.length; j++) {
                sum += cosine(perModality[i], perModality[j]);
                pairs++;
            }
        }
        return sum / pairs;
    }

    /**
     * The one softmax of bss (every row-wise softmax on plain arrays calls it): {@code out[k] = exp(z_k − max z) /
     * Σ_j exp(z_j − max z)} for the {@code k} logits {@code z = logits[offset, offset + k)}, in double precision.
     * No checks: a NaN logit gives NaN probabilities, {@code +∞} gives NaN, all {@code −∞} gives NaN.
     */
    public static void softmax(float[] logits, int offset, int k, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, logits[offset + j]);
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
            out[j] = Math.exp(logits[offset + j] - max);
            sum += out[j];
        }
        for (int j = 0; j < k; j++) {
            out[j] /= sum;
        }
    }

    /**
     * Numerically stable softmax {@code p_k = exp(z_k − max z) / Σ_j exp(z_j − max z)}.
     * {@code −∞} logits get probability 0.
     *
     * @throws IllegalArgumentException for an empty array, a NaN or {@code +∞} logit, or all logits {@code −∞}
     */
    public static float[] softmax(float[] logits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("softmax: empty logits");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < logits.length; i++) {
            float z = logits[i];
            if (Float.isNaN(z) || z == Float.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("softmax: logit " + i + " is " + z);
            }
            max = Math.max(max, z);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("softmax: all logits are -Infinity");
        }
        double[] e = new double[logits.length];
        softmax(logits, 0, logits.length, e);
        float[] p = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            p[i] = (float) e[i];
        }
        return p;
    }
}
