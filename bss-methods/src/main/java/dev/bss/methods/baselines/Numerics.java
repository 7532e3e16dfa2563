package dev.bss.methods.baselines;

import ai.djl.ndarray.NDArray;

/** Pure-Java numeric helpers shared by the baselines (softmax, cross-entropy, array conversion). */
public final class Numerics {

    private Numerics() {
    }

    /** A {@code {B, K}} array as {@code float[B][K]} (row-major copy). */
    public static float[][] toMatrix(NDArray a) {
        long[] shape = a.getShape().getShape();
        if (shape.length != 2) {
            throw new IllegalArgumentException("expected a 2-D array, got shape " + a.getShape());
        }
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        float[] flat = a.toFloatArray();
        float[][] out = new float[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(flat, i * cols, out[i], 0, cols);
        }
        return out;
    }

    /** Numerically stable softmax of one row ({@link dev.bss.core.measure.Similarity#softmax(float[], int, int, double[])}). */
    public static double[] softmax(float[] row) {
        double[] p = new double[row.length];
        dev.bss.core.measure.Similarity.softmax(row, 0, row.length, p);
        return p;
    }

    /**
     * {@code Σ_i softmax(z_i)_{y_i}}: the batch <b>sum</b> of true-class probabilities (OGM-GE's {@code score_m},
     * PMR's {@code s^p_m}).
     */
    public static double trueClassProbabilitySum(float[][] logits, int[] labels) {
        double s = 0;
        for (int i = 0; i < logits.length; i++) {
            s += softmax(logits[i])[labels[i]];
        }
        return s;
    }

    /** {@code (1/B) Σ_i −log max(softmax(z_i)_{y_i}, floor)} (floor 0 = plain mean cross-entropy). */
    public static double meanCrossEntropy(float[][] logits, int[] labels, double floor) {
        if (logits.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = 0; i < logits.length; i++) {
            s -= Math.log(Math.max(softmax(logits[i])[labels[i]], floor));
        }
        return s / logits.length;
    }

    /** Inclusive window test {@code start ≤ epoch ≤ end} (epochs from 1). */
    public static boolean inWindow(int epoch, int start, int end) {
        return epoch >= start && epoch <= end;
    }

    /**
     * Parses a comma-separated list of finite numbers {@code > 0} (an option value such as {@code 0.55,0.45}).
     *
     * @throws IllegalArgumentException naming the method, the option and what is allowed
     */
    public static double[] parsePositiveList(String methodId, String option, String text) {
        String[] parts = text.split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                out[i] = Double.NaN;
            }
            if (!(out[i] > 0) || Double.isInfinite(out[i])) {
                throw new IllegalArgumentException("method " + methodId + ": option '" + option
                        + "' must be comma-separated finite numbers > 0, got '" + text + "'");
            }
        }
        return out;
    }
}
