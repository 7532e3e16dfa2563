package dev.bss.data.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.data.Fixtures;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class FeaturesTest {

    /** Direct DFT of the windowed frame, the definition the STFT must match. */
    private static double dftMagnitude(double[] frame, int f) {
        double re = 0;
        double im = 0;
        int n = frame.length;
        for (int k = 0; k < n; k++) {
            re += frame[k] * Math.cos(2 * Math.PI * f * k / n);
            im -= frame[k] * Math.sin(2 * Math.PI * f * k / n);
        }
        return Math.hypot(re, im);
    }

    @Test
    void stftMatchesDirectDftWithReflectAndConstantPadding() {
        float[] x = {0.1f, -0.4f, 0.9f, 0.3f, -0.2f, 0.5f, 0.7f, -0.6f, 0.05f, 0.2f};
        int nFft = 8;
        int hop = 3;
        double[] w = new double[nFft];
        for (int n = 0; n < nFft; n++) {
            w[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / nFft);
        }
        for (Stft.PadMode mode : Stft.PadMode.values()) {
            Stft s = new Stft(nFft, nFft, hop, true, mode);
            int frames = s.frames(x.length);
            assertEquals(1 + x.length / hop, frames);
            float[] mag = s.magnitude(x);
            for (int t = 0; t < frames; t++) {
                double[] frame = new double[nFft];
                for (int n = 0; n < nFft; n++) {
                    int i = t * hop - nFft / 2 + n;
                    double v;
                    if (i >= 0 && i < x.length) {
                        v = x[i];
                    } else if (mode == Stft.PadMode.CONSTANT) {
                        v = 0;
                    } else {
                        v = x[i < 0 ? -i : 2 * (x.length - 1) - i]; // numpy reflect
                    }
                    frame[n] = w[n] * v;
                }
                for (int f = 0; f <= nFft / 2; f++) {
                    assertEquals(dftMagnitude(frame, f), mag[f * frames + t], 1e-5, mode + " f=" + f + " t=" + t);
                }
            }
        }
    }

    @Test
    void paperShapesAndLogFloor() {
        AudioFeatures.LogStft p = AudioFeatures.LogStft.paper(22_050, Stft.PadMode.REFLECT);
        assertArrayEquals(new int[] {1, 257, 1250}, p.shape(441_000));
        assertArrayEquals(new int[] {1, 257, 1003}, AudioFeatures.LogStft.paper(35_400, Stft.PadMode.REFLECT).shape(354_000));
        assertArrayEquals(new int[] {1, 257, 2006}, AudioFeatures.LogStft.paper(35_400, Stft.PadMode.REFLECT).shape(708_000));
        float[] silent = p.compute(new float[2000]);
        assertEquals(Math.log(1e-7), silent[0], 1e-6);
    }

    @Test
    void melScaleAndLogMelDefaults() {
        assertEquals(15.0, MelFilterBank.hzToMel(1000), 1e-12);
        assertEquals(3000.0, MelFilterBank.melToHz(MelFilterBank.hzToMel(3000)), 1e-9);
        AudioFeatures.LogMel m = AudioFeatures.LogMel.defaults(16_000);
        assertArrayEquals(new int[] {1, 40, 100}, m.shape(16_000));
        float[] v = m.compute(Fixtures.tone(1.0, 16_000, 1000));
        assertEquals(4000, v.length);
        double mean = 0;
        for (float f : v) {
            mean += f;
        }
        mean /= v.length;
        double var = 0;
        for (float f : v) {
            var += (f - mean) * (f - mean);
        }
        assertEquals(0, mean, 1e-4);
        assertEquals(1, Math.sqrt(var / v.length), 1e-3);
        // the 1 kHz tone's energy sits in the mel band containing 1 kHz (mel 15 of 0..~39 at 8 kHz)
        int best = 0;
        for (int b = 0; b < 40; b++) {
            if (v[b * 100 + 50] > v[best * 100 + 50]) {
                best = b;
            }
        }
        double lo = MelFilterBank.melToHz(MelFilterBank.hzToMel(8000) * best / 41.0);
        double hi = MelFilterBank.melToHz(MelFilterBank.hzToMel(8000) * (best + 2) / 41.0);
        assertTrue(lo <= 1000 && 1000 <= hi, "band " + best + " spans " + lo + ".." + hi);
    }

    @Test
    void resamplerKeepsATonesFrequency() {
        float[] x = Fixtures.tone(0.5, 22_050, 440);
        float[] y = Resampler.resample(x, 22_050, 16_000);
        assertEquals(8000, y.length);
        float[] ideal = Fixtures.tone(0.5, 16_000, 440);
        for (int i = 200; i < 7800; i++) { // away from the edges
            assertEquals(ideal[i], y[i], 0.01, "sample " + i);
        }
    }

    @Test
    void noiseHitsTheRequestedSnr() {
        float[] x = Fixtures.tone(1.0, 16_000, 300);
        for (double snr : new double[] {-6, 0, 12}) {
            float[] y = Signals.addNoiseAtSnr(x, snr, RandomSource.XO_RO_SHI_RO_128_PP.create(7L));
            float[] n = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                n[i] = y[i] - x[i];
            }
            double measured = 10 * Math.log10(Signals.power(x) / Signals.power(n));
            assertEquals(snr, measured, 0.1);
        }
    }
}
