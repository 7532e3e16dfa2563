package dev.bss.data.avdigits;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything that determines an AV-digits cache. Build with {@link #builder()}; every {@code optX}
 * has a default. {@code size} picks the counts: {@code small} 3 000 / 600 / 1 000 pairs and 300 / 30 / 30
 * speakers (train / validation / test), {@code full} 54 000 / 6 000 / 10 000 pairs (all MNIST images)
 * and 140 / 30 / 30 speakers; explicit counts override.
 *
 * <p>Default recipe (measured in {@code docs/data.md}): audio SNR U[-14, -6] dB (hard, the weak modality), image
 * Gaussian noise sigma U[0, 0.3] on pixels in [0, 1], no occlusion, and few distinct training images (50 for
 * {@code small}, each reused in 60 pairs with its own noise and utterance): the image side memorises its training
 * set within a few epochs and starves the audio encoder, as audio starves video on CREMA-D.
 */
public final class AvDigitsRecipe {

    /** espeak-ng English accents (voices) speakers are drawn from. */
    public static final List<String> ACCENTS = List.of("en-us", "en-gb", "en-gb-scotland", "en-gb-x-gbclan", "en-gb-x-rp",
            "en-gb-x-gbcwmd", "en-029", "en-us-nyc");
    /** espeak-ng voice variants speakers are drawn from (whispering and novelty voices left out). */
    public static final List<String> VARIANTS = List.of("m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4", "f5",
            "klatt", "klatt2", "klatt3", "klatt4", "Alex", "Andy", "Annie", "Denis", "Gene", "Lee", "Michael", "Mike", "Storm",
            "adam", "anika", "antonio", "aunty", "belinda", "boris", "david", "edward", "grandma", "grandpa", "iven", "john",
            "linda", "max", "norbert", "paul", "quincy", "rob", "robert", "steph", "travis", "victor");
    public static final List<String> DIGIT_WORDS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");

    private final String size;
    private final long seed;
    private final int trainCount;
    private final int validationCount;
    private final int testCount;
    private final int trainSpeakers;
    private final int validationSpeakers;
    private final int testSpeakers;
    private final int trainImages;
    private final List<String> words;
    private final double[] audioSnrDb;
    private final double[] imageNoiseSigma;
    private final double[] imageOcclusion;
    private final String features;
    private final String padMode;
    private final int sampleRate;
    private final int[] pitchRange;
    private final int[] rateRange;
    private final Path imagesIdx;
    private final Path labelsIdx;

    private AvDigitsRecipe(Builder b) {
        this.size = b.size;
        this.seed = b.seed;
        boolean full = b.size.equals("full");
        this.trainCount = b.trainCount != null ? b.trainCount : full ? 54_000 : 3_000;
        this.validationCount = b.validationCount != null ? b.validationCount : full ? 6_000 : 600;
        this.testCount = b.testCount != null ? b.testCount : full ? 10_000 : 1_000;
        this.trainSpeakers = b.trainSpeakers != null ? b.trainSpeakers : full ? 140 : 300;
        this.validationSpeakers = b.validationSpeakers != null ? b.validationSpeakers : full ? 30 : 30;
        this.testSpeakers = b.testSpeakers != null ? b.testSpeakers : full ? 30 : 30;
        // the size presets reuse few training images (60 pairs per image); explicit counts default to one per pair
        this.trainImages = b.trainImages != null ? b.trainImages : b.trainCount != null ? 0 : full ? 900 : 50;
        this.words = List.copyOf(b.words);
        this.audioSnrDb = b.audioSnrDb.clone();
        this.imageNoiseSigma = b.imageNoiseSigma.clone();
        this.imageOcclusion = b.imageOcclusion.clone();
        this.features = b.features;
        this.padMode = b.padMode;
        this.sampleRate = b.sampleRate;
        this.pitchRange = b.pitchRange.clone();
        this.rateRange = b.rateRange.clone();
        this.imagesIdx = b.imagesIdx;
        this.labelsIdx = b.labelsIdx;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with DJL-style {@code optX} setters; {@link #build()} validates every range. */
    public static final class Builder {
        private String size = "small";
        private long seed = 42;
        private Integer trainCount;
        private Integer validationCount;
        private Integer testCount;
        private Integer trainSpeakers;
        private Integer validationSpeakers;
        private Integer testSpeakers;
        private Integer trainImages;
        private List<String> words = DIGIT_WORDS;
        private double[] audioSnrDb = {-14, -6};
        private double[] imageNoiseSigma = {0, 0.3};
        private double[] imageOcclusion = {0, 0};
        private String features = "log-mel";
        private String padMode = "constant";
        private int sampleRate = 16_000;
        private int[] pitchRange = {20, 80};
        private int[] rateRange = {130, 200};
        private Path imagesIdx;
        private Path labelsIdx;

        public Builder optSize(String s) {
            this.size = s;
            return this;
        }

        public Builder optSeed(long s) {
            this.seed = s;
            return this;
        }

        /** Pairs per split (train, validation, test). */
        public Builder optCounts(int train, int validation, int test) {
            this.trainCount = train;
            this.validationCount = validation;
            this.testCount = test;
            return this;
        }

        /** Disjoint speakers per split (train, validation, test). */
        public Builder optSpeakers(int train, int validation, int test) {
            this.trainSpeakers = train;
            this.validationSpeakers = validation;
            this.testSpeakers = test;
            return this;
        }

        /**
         * Distinct images in the training split (0 = one image per pair; default: 50 for {@code small}, 900 for
         * {@code full}, 0 when the counts are given explicitly): the training pairs reuse the
         * first {@code n} images of the seeded pool in turn, each time with its own noise, speaker and utterance, so
         * the image side can memorise its training set quickly while the audio side stays as diverse as before.
         * Validation and test keep one image per pair.
         */
        public Builder optTrainImages(int n) {
            this.trainImages = n;
            return this;
        }

        /** Label words, index = class; the IDX labels must lie in {@code [0, words.size())}. */
        public Builder optWords(List<String> w) {
            this.words = List.copyOf(w);
            return this;
        }

        /** Range of the per-sample audio SNR in dB, drawn uniformly. */
        public Builder optAudioSnrDb(double min, double max) {
            this.audioSnrDb = new double[] {min, max};
            return this;
        }

        /** Range of the per-sample image Gaussian noise standard deviation (pixels in [0, 1]). */
        public Builder optImageNoiseSigma(double min, double max) {
            this.imageNoiseSigma = new double[] {min, max};
            return this;
        }

        /** Range of the per-sample occluding square's side as a fraction of the image side (0 = none). */
        public Builder optImageOcclusion(double min, double max) {
            this.imageOcclusion = new double[] {min, max};
            return this;
        }

        /** {@code log-mel} (default) or {@code log-stft}. */
        public Builder optFeatures(String f) {
            this.features = f;
            return this;
        }

        /** STFT centre padding for {@code log-stft}: {@code constant} (default) or {@code reflect}. */
        public Builder optPadMode(String p) {
            this.padMode = p;
            return this;
        }

        public Builder optSampleRate(int r) {
            this.sampleRate = r;
            return this;
        }

        public Builder optPitchRange(int min, int max) {
            this.pitchRange = new int[] {min, max};
            return this;
        }

        public Builder optRateRange(int min, int max) {
            this.rateRange = new int[] {min, max};
            return this;
        }

        /** Any IDX image/label pair instead of MNIST; it is split into train, validation and test. */
        public Builder optIdx(Path images, Path labels) {
            this.imagesIdx = images;
            this.labelsIdx = labels;
            return this;
        }

        public AvDigitsRecipe build() {
            if (!size.equals("small") && !size.equals("full")) {
                throw new IllegalArgumentException("size must be small or full, got '" + size + "'");
            }
            range("audio SNR (dB)", audioSnrDb, -60, 80);
            range("image noise sigma", imageNoiseSigma, 0, 10);
            range("image occlusion", imageOcclusion, 0, 1);
            if (!features.equals("log-mel") && !features.equals("log-stft")) {
                throw new IllegalArgumentException("features must be log-mel or log-stft, got '" + features + "'");
            }
            padMode = padMode.toLowerCase(Locale.ROOT);
            if (!padMode.equals("constant") && !padMode.equals("reflect")) {
                throw new IllegalArgumentException("pad mode must be constant or reflect, got '" + padMode + "'");
            }
            if (words.size() < 2) {
                throw new IllegalArgumentException("need at least 2 label words, got " + words);
            }
            for (String w : words) {
                if (!w.matches("[A-Za-z][A-Za-z' -]{0,40}")) {
                    throw new IllegalArgumentException("label word '" + w + "' must be letters (with ' - or space), at most 41 chars");
                }
            }
            if (new java.util.HashSet<>(words).size() != words.size()) {
                throw new IllegalArgumentException("label words repeat: " + words);
            }
            if ((imagesIdx == null) != (labelsIdx == null)) {
                throw new IllegalArgumentException("give both --images-idx and --labels-idx, or neither");
            }
            if (sampleRate < 4000 || sampleRate > 96_000) {
                throw new IllegalArgumentException("sample rate " + sampleRate + " outside [4000, 96000]");
            }
            if (pitchRange[0] < 0 || pitchRange[1] > 99 || pitchRange[0] > pitchRange[1]) {
                throw new IllegalArgumentException("pitch range must lie in [0, 99] with min <= max");
            }
            if (rateRange[0] < 80 || rateRange[1] > 450 || rateRange[0] > rateRange[1]) {
                throw new IllegalArgumentException("rate range must lie in [80, 450] with min <= max");
            }
            AvDigitsRecipe r = new AvDigitsRecipe(this);
            if (r.trainCount < 1 || r.validationCount < 0 || r.testCount < 1) {
                throw new IllegalArgumentException("counts must be train >= 1, validation >= 0, test >= 1");
            }
            if (r.trainImages < 0 || r.trainImages > r.trainCount) {
                throw new IllegalArgumentException("train images (--train-images) must be 0 (one per pair) or in [1, " + r.trainCount + "], got " + r.trainImages);
            }
            if (r.trainSpeakers < 1 || r.validationSpeakers < (r.validationCount > 0 ? 1 : 0) || r.testSpeakers < 1) {
                throw new IllegalArgumentException("every non-empty split needs at least one speaker");
            }
            long pool = (long) ACCENTS.size() * VARIANTS.size() * (pitchRange[1] - pitchRange[0] + 1) * (rateRange[1] - rateRange[0] + 1);
            if (r.trainSpeakers + r.validationSpeakers + r.testSpeakers > pool / 2) {
                throw new IllegalArgumentException("too many speakers for the pitch and rate ranges");
            }
            return r;
        }

        private static void range(String what, double[] r, double lo, double hi) {
            if (!(r[0] >= lo && r[1] <= hi && r[0] <= r[1])) {
                throw new IllegalArgumentException(what + " range [" + r[0] + ", " + r[1] + "] must satisfy " + lo + " <= min <= max <= " + hi);
            }
        }
    }

    public String size() {
        return size;
    }

    public long seed() {
        return seed;
    }

    public int trainCount() {
        return trainCount;
    }

    public int validationCount() {
        return validationCount;
    }

    public int testCount() {
        return testCount;
    }

    public int trainSpeakers() {
        return trainSpeakers;
    }

    public int validationSpeakers() {
        return validationSpeakers;
    }

    public int testSpeakers() {
        return testSpeakers;
    }

    /** Distinct training images, 0 = one per pair. */
    public int trainImages() {
        return trainImages;
    }

    public List<String> words() {
        return words;
    }

    public double[] audioSnrDb() {
        return audioSnrDb.clone();
    }

    public double[] imageNoiseSigma() {
        return imageNoiseSigma.clone();
    }

    public double[] imageOcclusion() {
        return imageOcclusion.clone();
    }

    public String features() {
        return features;
    }

    public String padMode() {
        return padMode;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int[] pitchRange() {
        return pitchRange.clone();
    }

    public int[] rateRange() {
        return rateRange.clone();
    }

    public Path imagesIdx() {
        return imagesIdx;
    }

    public Path labelsIdx() {
        return labelsIdx;
    }

    /** The recipe as a map (paths excluded: the builder adds the sources' checksums instead). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("size", size);
        m.put("seed", seed);
        m.put("counts", List.of(trainCount, validationCount, testCount));
        m.put("speakers", List.of(trainSpeakers, validationSpeakers, testSpeakers));
        if (trainImages > 0) {
            m.put("trainImages", trainImages); // only when set, so earlier recipes keep their hash
        }
        m.put("words", words);
        m.put("audioSnrDb", List.of(audioSnrDb[0], audioSnrDb[1]));
        m.put("imageNoiseSigma", List.of(imageNoiseSigma[0], imageNoiseSigma[1]));
        m.put("imageOcclusion", List.of(imageOcclusion[0], imageOcclusion[1]));
        m.put("features", features);
        m.put("padMode", padMode);
        m.put("sampleRate", sampleRate);
        m.put("clipSeconds", 1.0);
        m.put("pitchRange", List.of(pitchRange[0], pitchRange[1]));
        m.put("rateRange", List.of(rateRange[0], rateRange[1]));
        m.put("accents", ACCENTS);
        m.put("variants", VARIANTS);
        m.put("generator", "av-digits/1");
        return m;
    }

    /** {@code [a, b]} as text. */
    static String range(double[] r) {
        return String.format(Locale.ROOT, "[%s, %s]", r[0], r[1]);
    }

    static List<String> copy(List<String> l) {
        return new ArrayList<>(l);
    }
}
