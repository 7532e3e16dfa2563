package dev.bss.methods.fusion;

import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/** Small pure-Java helpers for reading linear layers (used for slice logits, never in the autograd path). */
public final class LinearMath {

    private LinearMath() {
    }

    /**
     * {@code out[i][k] = scale · (Σ_d e[i][d] · W[k][colFrom + d] + biasShare · b[k])}.
     *
     * @param weight {@code K × columns} row-major
     * @param bias {@code K} values, or {@code null} for none
     * @param columns number of columns of {@code weight}
     * @param colFrom first column of the slice; the slice width is {@code e[0].length}
     * @param biasShare multiplier of the bias (e.g. {@code 1/M} for concat slices)
     * @param scale overall multiplier (a learned modality weight, or 1)
     */
    public static float[][] affine(float[] weight, float[] bias, int columns, int colFrom, float[][] e, double biasShare,
            double scale) {
        int k = weight.length / columns;
        float[][] out = new float[e.length][k];
        for (int i = 0; i < e.length; i++) {
            for (int c = 0; c < k; c++) {
                double v = bias == null ? 0 : biasShare * bias[c];
                for (int d = 0; d < e[i].length; d++) {
                    v += e[i][d] * weight[c * columns + colFrom + d];
                }
                out[i][c] = (float) (scale * v);
            }
        }
        return out;
    }

    /** The weight ({@code K × D}, row-major) and bias of an initialised {@link Linear}. */
    static float[][] weightAndBias(Linear linear) {
        float[] w = null;
        float[] b = null;
        for (Parameter p : linear.getParameters().values()) {
            if (p.getType() == Parameter.Type.WEIGHT) {
                w = p.getArray().toFloatArray();
            } else if (p.getType() == Parameter.Type.BIAS) {
                b = p.getArray().toFloatArray();
            }
        }
        return new float[][] {w, b};
    }
}
