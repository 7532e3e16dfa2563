package dev.bss.data.audio;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Short-time Fourier transform magnitudes, as {@code librosa.stft} computes them:
 * frame {@code t} covers input samples {@code [t * hop, t * hop + nFft)} of the (optionally centre-padded)
 * signal, multiplied by a periodic Hann window of {@code winLength} samples
 * ({@code w[n] = 0.5 - 0.5 cos(2 pi n / winLength)}, scipy {@code hann(sym=False)}) zero-padded to
 * {@code nFft} in the middle; {@code X[f, t] = sum_n w[n] x[t hop + n] e^{-2 pi i f n / nFft}} for
 * {@code f in [0, nFft/2]}. With {@code center}, the signal is padded by {@code nFft/2} on both sides
 * ({@link PadMode#REFLECT}: librosa &lt; 0.10; {@link PadMode#CONSTANT}: zeros, librosa &ge; 0.10), giving
 * {@code 1 + len / hop} frames; without it {@code 1 + (len - nFft) / hop} (at least one frame, the
 * signal zero-extended). FFT by JTransforms. Cost O(frames * nFft log nFft).
 */
public final class Stft {

    /** How {@code center} pads the signal. */
    public enum PadMode {
        /** Mirror without repeating the edge sample (numpy {@code reflect}); librosa's default before 0.10. */
        REFLECT,
        /** Zeros; librosa's default from 0.10. */
        CONSTANT
    }

    private final int nFft;
    private final int hop;
    private final boolean center;
    private final PadMode padMode;
    private final double[] window;
    private final DoubleFFT_1D fft;

    public Stft(int nFft, int winLength, int hop, boolean center, PadMode padMode) {
        if (nFft < 2 || nFft % 2 != 0) {
            throw new IllegalArgumentException("nFft must be even and >= 2, got " + nFft);
        }
        if (winLength < 1 || winLength > nFft) {
            throw new IllegalArgumentException("winLength must be in [1, nFft], got " + winLength);
        }
        if (hop < 1) {
            throw new IllegalArgumentException("hop must be >= 1, got " + hop);
        }
        this.nFft = nFft;
        this.hop = hop;
        this.center = center;
        this.padMode = padMode;
        this.window = new double[nFft];
        int off = (nFft - winLength) / 2;
        for (int n = 0; n < winLength; n++) {
            window[off + n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / winLength);
        }
        this.fft = new DoubleFFT_1D(nFft);
    }

    public int bins() {
        return nFft / 2 + 1;
    }

    public int frames(int length) {
        if (center) {
            return 1 + length / hop;
        }
        return length < nFft ? 1 : 1 + (length - nFft) / hop;
    }

    /** Magnitudes {@code |X[f, t]|}, row-major {@code [bins][frames]}. */
    public float[] magnitude(float[] x) {
        return compute(x, false);
    }

    /** Powers {@code |X[f, t]|^2}, row-major {@code [bins][frames]}. */
    public float[] power(float[] x) {
        return compute(x, true);
    }

    private float[] compute(float[] x, boolean power) {
        int frames = frames(x.length);
        int bins = bins();
        int pad = center ? nFft / 2 : 0;
        float[] out = new float[bins * frames];
        double[] buf = new double[nFft];
        for (int t = 0; t < frames; t++) {
            int start = t * hop - pad;
            for (int n = 0; n < nFft; n++) {
                buf[n] = window[n] * sample(x, start + n);
            }
            fft.realForward(buf);
            for (int f = 0; f < bins; f++) {
                double re;
                double im;
                if (f == 0) {
                    re = buf[0];
                    im = 0;
                } else if (f == nFft / 2) {
                    re = buf[1];
                    im = 0;
                } else {
                    re = buf[2 * f];
                    im = buf[2 * f + 1];
                }
                double p = re * re + im * im;
                out[f * frames + t] = (float) (power ? p : Math.sqrt(p));
            }
        }
        return out;
    }

    private double sample(float[] x, int i) {
        int n = x.length;
        if (i >= 0 && i < n) {
            return x[i];
        }
        if (!center || padMode == PadMode.CONSTANT || n == 1) {
            return 0;
        }
        // numpy reflect: ... x2 x1 | x0 x1 ... x_{n-1} | x_{n-2} ...; period 2(n-1)
        int period = 2 * (n - 1);
        int j = Math.floorMod(i, period);
        return x[j < n ? j : period - j];
    }
}
