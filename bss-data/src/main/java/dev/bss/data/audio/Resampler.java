package dev.bss.data.audio;

/**
 * Band-limited resampling by windowed-sinc interpolation. Output sample {@code n} sits at input time
 * {@code t = n * from / to}; its value is
 * {@code sum_k x[k] * fc * sinc(fc * (t - k)) * w((t - k) / H)} over {@code |t - k| <= H} input samples,
 * with cut-off {@code fc = min(1, to / from)} (relative to the input Nyquist), a Hann window
 * {@code w(u) = 0.5 + 0.5 cos(pi u)} and {@code H = 16 / fc} taps either side. Samples outside the
 * input are zero. Equal rates return a copy. Cost O(n_out * H).
 */
public final class Resampler {

    private static final int ZERO_CROSSINGS = 16;

    private Resampler() {
    }

    public static float[] resample(float[] x, int from, int to) {
        if (from <= 0 || to <= 0) {
            throw new IllegalArgumentException("sample rates must be positive, got " + from + " -> " + to);
        }
        if (from == to) {
            return x.clone();
        }
        double fc = Math.min(1.0, to / (double) from);
        double half = ZERO_CROSSINGS / fc;
        int nOut = (int) Math.round(x.length * (double) to / from);
        float[] y = new float[nOut];
        double step = from / (double) to;
        for (int n = 0; n < nOut; n++) {
            double t = n * step;
            int lo = Math.max(0, (int) Math.ceil(t - half));
            int hi = Math.min(x.length - 1, (int) Math.floor(t + half));
            double acc = 0;
            for (int k = lo; k <= hi; k++) {
                double d = t - k;
                double arg = Math.PI * fc * d;
                double sinc = Math.abs(arg) < 1e-12 ? 1.0 : Math.sin(arg) / arg;
                double w = 0.5 + 0.5 * Math.cos(Math.PI * d / half);
                acc += x[k] * fc * sinc * w;
            }
            y[n] = (float) acc;
        }
        return y;
    }
}
