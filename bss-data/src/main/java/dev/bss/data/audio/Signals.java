package dev.bss.data.audio;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/** Small signal operations: fixed length, tiling, clipping, additive noise at a given SNR. */
public final class Signals {

    private Signals() {
    }

    /** The first {@code length} samples, zero-padded at the end when shorter. */
    public static float[] fixLength(float[] x, int length) {
        return java.util.Arrays.copyOf(x, length);
    }

    /**
     * The reference loaders' tiling: repeat {@code x} {@code times} times ({@code np.tile}), keep the
     * first {@code length} samples (zero-padded if still shorter) and clip to {@code [-1, 1]}.
     */
    public static float[] tileAndCut(float[] x, int times, int length) {
        float[] out = new float[length];
        if (x.length == 0) {
            return out;
        }
        int n = Math.min(length, x.length * times);
        for (int i = 0; i < n; i++) {
            out[i] = Math.max(-1f, Math.min(1f, x[i % x.length]));
        }
        return out;
    }

    /** Mean power {@code (1/n) sum x^2}; 0 for an empty signal. */
    public static double power(float[] x) {
        double p = 0;
        for (float v : x) {
            p += (double) v * v;
        }
        return x.length == 0 ? 0 : p / x.length;
    }

    /**
     * Adds white Gaussian noise so that {@code 10 log10(P_signal / P_noise) = snrDb}, where
     * {@code P_signal} is the mean power of the samples whose magnitude exceeds 1 % of the peak (the
     * voiced part, so leading and trailing silence does not lower it) and the noise has variance
     * {@code P_signal * 10^(-snrDb / 10)} over the whole signal. A silent signal is returned unchanged.
     */
    public static float[] addNoiseAtSnr(float[] x, double snrDb, UniformRandomProvider rng) {
        double peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        if (peak == 0) {
            return x.clone();
        }
        double p = 0;
        int n = 0;
        for (float v : x) {
            if (Math.abs(v) > 0.01 * peak) {
                p += (double) v * v;
                n++;
            }
        }
        p /= n;
        double sd = Math.sqrt(p * Math.pow(10, -snrDb / 10));
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (x[i] + sd * g.sample());
        }
        return y;
    }
}
