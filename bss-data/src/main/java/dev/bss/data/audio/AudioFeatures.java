package dev.bss.data.audio;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A spectrogram recipe: {@link LogMel} (the AV-digits default) or {@link LogStft} (the paper's recipe).
 * Both turn a mono signal at {@link #sampleRate()} into a {@code {1, F, T}} array, row-major.
 */
public sealed interface AudioFeatures permits AudioFeatures.LogMel, AudioFeatures.LogStft {

    int sampleRate();

    /** Output shape {@code {1, F, T}} for a signal of {@code length} samples. */
    int[] shape(int length);

    /** Features of {@code samples} (at {@link #sampleRate()}), flattened {@code [F][T]}. */
    float[] compute(float[] samples);

    /** Every parameter, for cache recipes and provenance. */
    Map<String, Object> recipe();

    /** Parses {@code log-mel} or {@code log-stft} with their defaults for {@code sampleRate}. */
    static AudioFeatures named(String name, int sampleRate) {
        return switch (name) {
            case "log-mel" -> LogMel.defaults(sampleRate);
            case "log-stft" -> LogStft.paper(sampleRate, Stft.PadMode.CONSTANT);
            default -> throw new IllegalArgumentException("unknown audio features '" + name + "'; known: log-mel, log-stft");
        };
    }

    /**
     * Log-mel: power STFT (periodic Hann window of {@code windowMs}, hop {@code hopMs}, {@code nFft} the
     * next power of two, centre zero-padding), {@code nMels} Slaney mel filters, {@code ln(mel + 1e-6)};
     * the first {@code frames} frames are kept (padded with the utterance minimum when fewer); with
     * {@code normalise}, per utterance {@code (v - mean) / (std + 1e-5)}. Defaults: 40 mels, 25 ms, 10 ms,
     * 100 frames (1 s at 16 kHz), normalised: per-utterance normalisation makes features comparable
     * across synthesis voices and recording levels.
     */
    record LogMel(int sampleRate, int nMels, double windowMs, double hopMs, int frames, boolean normalise) implements AudioFeatures {

        public LogMel {
            if (sampleRate <= 0 || nMels <= 0 || windowMs <= 0 || hopMs <= 0 || frames <= 0) {
                throw new IllegalArgumentException("log-mel parameters must be positive: rate " + sampleRate + ", mels " + nMels
                        + ", window " + windowMs + " ms, hop " + hopMs + " ms, frames " + frames);
            }
        }

        public static LogMel defaults(int sampleRate) {
            return new LogMel(sampleRate, 40, 25, 10, 100, true);
        }

        int winLength() {
            return (int) Math.round(sampleRate * windowMs / 1000.0);
        }

        int hop() {
            return Math.max(1, (int) Math.round(sampleRate * hopMs / 1000.0));
        }

        int nFft() {
            return Integer.highestOneBit(Math.max(2, winLength() - 1)) * 2;
        }

        @Override
        public int[] shape(int length) {
            return new int[] {1, nMels, frames};
        }

        @Override
        public float[] compute(float[] samples) {
            Stft stft = new Stft(nFft(), winLength(), hop(), true, Stft.PadMode.CONSTANT);
            int t = stft.frames(samples.length);
            float[] mel = new MelFilterBank(sampleRate, nFft(), nMels, 0, sampleRate / 2.0).apply(stft.power(samples), t);
            float[] out = new float[nMels * frames];
            float min = Float.POSITIVE_INFINITY;
            for (int i = 0; i < mel.length; i++) {
                mel[i] = (float) Math.log(mel[i] + 1e-6);
                min = Math.min(min, mel[i]);
            }
            java.util.Arrays.fill(out, min);
            int keep = Math.min(t, frames);
            for (int m = 0; m < nMels; m++) {
                System.arraycopy(mel, m * t, out, m * frames, keep);
            }
            if (normalise) {
                Normalise.perUtterance(out);
            }
            return out;
        }

        @Override
        public Map<String, Object> recipe() {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("type", "log-mel");
            r.put("sampleRate", sampleRate);
            r.put("nMels", nMels);
            r.put("windowMs", windowMs);
            r.put("hopMs", hopMs);
            r.put("nFft", nFft());
            r.put("frames", frames);
            r.put("normalise", normalise);
            r.put("melScale", "slaney");
            r.put("log", "ln(mel_power + 1e-6)");
            return r;
        }
    }

    /**
     * The paper's recipe: {@code log(|STFT| + 1e-7)} with {@code n_fft} 512, hop 353, periodic Hann,
     * centre padding with {@code padMode}; no normalisation unless {@code normalise}. {@code frames} &gt; 0
     * crops or pads (with {@code log(1e-7)}) to that many frames; 0 keeps all {@code 1 + len / hop}.
     */
    record LogStft(int sampleRate, int nFft, int hop, Stft.PadMode padMode, int frames, boolean normalise) implements AudioFeatures {

        public LogStft {
            if (sampleRate <= 0 || nFft < 2 || hop < 1 || frames < 0 || padMode == null) {
                throw new IllegalArgumentException("bad log-STFT parameters: rate " + sampleRate + ", nFft " + nFft + ", hop " + hop
                        + ", frames " + frames + ", pad " + padMode);
            }
        }

        /** n_fft 512, hop 353, all frames, no normalisation. */
        public static LogStft paper(int sampleRate, Stft.PadMode padMode) {
            return new LogStft(sampleRate, 512, 353, padMode, 0, false);
        }

        public LogStft withFrames(int f) {
            return new LogStft(sampleRate, nFft, hop, padMode, f, normalise);
        }

        @Override
        public int[] shape(int length) {
            Stft s = new Stft(nFft, nFft, hop, true, padMode);
            return new int[] {1, s.bins(), frames > 0 ? frames : s.frames(length)};
        }

        @Override
        public float[] compute(float[] samples) {
            Stft stft = new Stft(nFft, nFft, hop, true, padMode);
            int t = stft.frames(samples.length);
            float[] mag = stft.magnitude(samples);
            for (int i = 0; i < mag.length; i++) {
                mag[i] = (float) Math.log(mag[i] + 1e-7);
            }
            float[] out = mag;
            if (frames > 0 && frames != t) {
                int bins = stft.bins();
                out = new float[bins * frames];
                java.util.Arrays.fill(out, (float) Math.log(1e-7));
                int keep = Math.min(t, frames);
                for (int f = 0; f < bins; f++) {
                    System.arraycopy(mag, f * t, out, f * frames, keep);
                }
            }
            if (normalise) {
                Normalise.perUtterance(out);
            }
            return out;
        }

        @Override
        public Map<String, Object> recipe() {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("type", "log-stft");
            r.put("sampleRate", sampleRate);
            r.put("nFft", nFft);
            r.put("hop", hop);
            r.put("window", "periodic-hann");
            r.put("center", true);
            r.put("padMode", padMode.name().toLowerCase(java.util.Locale.ROOT));
            r.put("frames", frames);
            r.put("normalise", normalise);
            r.put("log", "ln(|X| + 1e-7)");
            return r;
        }
    }

    /** Per-utterance standardisation. */
    final class Normalise {
        private Normalise() {
        }

        /** In place: {@code v <- (v - mean) / (std + 1e-5)} (population std). */
        static void perUtterance(float[] v) {
            double mean = 0;
            for (float x : v) {
                mean += x;
            }
            mean /= v.length;
            double var = 0;
            for (float x : v) {
                var += (x - mean) * (x - mean);
            }
            double sd = Math.sqrt(var / v.length) + 1e-5;
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) ((v[i] - mean) / sd);
            }
        }
    }
}
