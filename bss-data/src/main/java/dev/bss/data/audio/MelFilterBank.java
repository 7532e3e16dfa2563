package dev.bss.data.audio;

/**
 * Triangular mel filters with the Slaney mel scale and area normalisation ({@code librosa.filters.mel}
 * defaults, {@code htk=False, norm='slaney'}). Mel of {@code f} Hz: {@code 3 f / 200} below 1 kHz, else
 * {@code 15 + 27 ln(f / 1000) / ln(6.4)}. Filter {@code m} rises from edge {@code m} to {@code m+1} and
 * falls to {@code m+2} (the {@code nMels + 2} edges equally spaced in mel between {@code fMin} and
 * {@code fMax}) and is scaled by {@code 2 / (edge[m+2] - edge[m])}.
 */
public final class MelFilterBank {

    private final int nMels;
    private final int bins;
    private final float[][] weights;

    public MelFilterBank(int sampleRate, int nFft, int nMels, double fMin, double fMax) {
        if (nMels < 1 || fMin < 0 || fMax <= fMin || fMax > sampleRate / 2.0 + 1e-9) {
            throw new IllegalArgumentException("bad mel filter bank: nMels " + nMels + ", fMin " + fMin + ", fMax " + fMax
                    + ", sample rate " + sampleRate);
        }
        this.nMels = nMels;
        this.bins = nFft / 2 + 1;
        double lo = hzToMel(fMin);
        double hi = hzToMel(fMax);
        double[] edges = new double[nMels + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = melToHz(lo + (hi - lo) * i / (nMels + 1));
        }
        weights = new float[nMels][bins];
        for (int m = 0; m < nMels; m++) {
            double enorm = 2.0 / (edges[m + 2] - edges[m]);
            for (int k = 0; k < bins; k++) {
                double f = k * (double) sampleRate / nFft;
                double lower = (f - edges[m]) / (edges[m + 1] - edges[m]);
                double upper = (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1]);
                weights[m][k] = (float) (Math.max(0, Math.min(lower, upper)) * enorm);
            }
        }
    }

    public static double hzToMel(double f) {
        double fSp = 200.0 / 3;
        double minLogHz = 1000.0;
        double minLogMel = minLogHz / fSp;
        double logstep = Math.log(6.4) / 27.0;
        return f < minLogHz ? f / fSp : minLogMel + Math.log(f / minLogHz) / logstep;
    }

    public static double melToHz(double mel) {
        double fSp = 200.0 / 3;
        double minLogHz = 1000.0;
        double minLogMel = minLogHz / fSp;
        double logstep = Math.log(6.4) / 27.0;
        return mel < minLogMel ? mel * fSp : minLogHz * Math.exp(logstep * (mel - minLogMel));
    }

    public int nMels() {
        return nMels;
    }

    /** Applies the filters to a row-major {@code [bins][frames]} power spectrogram; returns {@code [nMels][frames]}. */
    public float[] apply(float[] power, int frames) {
        if (power.length != bins * frames) {
            throw new IllegalArgumentException("spectrogram has " + power.length + " values, expected " + bins + " x " + frames);
        }
        float[] out = new float[nMels * frames];
        for (int m = 0; m < nMels; m++) {
            float[] w = weights[m];
            for (int k = 0; k < bins; k++) {
                float wk = w[k];
                if (wk == 0f) {
                    continue;
                }
                int base = k * frames;
                int ob = m * frames;
                for (int t = 0; t < frames; t++) {
                    out[ob + t] += wk * power[base + t];
                }
            }
        }
        return out;
    }
}
