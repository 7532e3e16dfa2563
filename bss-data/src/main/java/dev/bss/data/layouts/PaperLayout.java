package dev.bss.data.layouts;

import dev.bss.data.DataFormatException;
import dev.bss.data.ProviderOptions;
import dev.bss.data.audio.AudioFeatures;
import dev.bss.data.audio.Resampler;
import dev.bss.data.audio.Signals;
import dev.bss.data.audio.Stft;
import dev.bss.data.audio.WavFile;
import dev.bss.data.io.CacheManifest;
import dev.bss.data.io.PreparedCache;
import dev.bss.engine.data.DatasetProvider;
import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.ModalitySpec;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.data.MultimodalSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One of the paper's on-disk layouts, usable as a {@link DatasetProvider} (option {@code root}, plus
 * {@code skip-bad} and layout options). {@link #index} reads the annotation files, adds only samples
 * whose files exist and whose labels are known, and reports every other one to {@link Problems};
 * {@link #decode} turns an entry into its modality arrays. Without {@code skip-bad} any problem fails the
 * load with a {@link DataFormatException} naming the first; with it, bad samples (including ones whose
 * files do not decode) are skipped and counted.
 *
 * <p>When {@code root} is a cache prepared from such a folder ({@link LayoutCache}: {@code bss data prepare layout} or
 * {@code bss spark prepare}), it loads that instead (option {@code verify}, default true, re-hashes its files); layout
 * options given then must equal those it was prepared with.
 */
public abstract class PaperLayout implements DatasetProvider {

    /** The result of indexing a folder. */
    public record Index(List<String> classNames, List<ModalitySpec> modalities, Map<String, List<LayoutEntry>> splits, Object state) {
    }

    /** Option keys beyond {@code root} and {@code skip-bad}. */
    protected abstract Set<String> layoutOptions();

    /** Reads the annotations under {@code root}. */
    public abstract Index index(Path root, ProviderOptions options, Problems problems) throws IOException;

    /** Decodes one entry into its modality arrays (in {@link Index#modalities()} order). */
    public abstract float[][] decode(LayoutEntry entry, Index index, ProviderOptions options);

    /** Validated options for this layout. */
    public ProviderOptions options(Map<String, Object> raw) {
        Set<String> allowed = new HashSet<>(layoutOptions());
        allowed.add("root");
        allowed.add("skip-bad");
        allowed.add("verify");
        return ProviderOptions.of(id(), raw, allowed);
    }

    @Override
    public DatasetSplits load(Map<String, Object> raw) throws IOException {
        ProviderOptions o = options(raw);
        Path root = o.requiredPath("root");
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("dataset '" + id() + "': root " + root + " is not a folder");
        }
        if (Files.isRegularFile(root.resolve(CacheManifest.FILE_NAME))) {
            return loadPrepared(root, raw, o);
        }
        boolean skipBad = o.bool("skip-bad", false);
        Problems problems = new Problems();
        Index ix = index(root, o, problems);
        if (!problems.isEmpty() && !skipBad) {
            throw new DataFormatException(root, problems.count() + " problem(s) in the " + id() + " layout; first: "
                    + problems.problems().get(0) + " (see all with: bss data check " + root + " --layout " + id()
                    + "; or skip them with skip-bad)");
        }
        Map<String, List<LayoutEntry>> splits = new LinkedHashMap<>();
        for (Map.Entry<String, List<LayoutEntry>> e : ix.splits().entrySet()) {
            List<LayoutEntry> keep = e.getValue();
            if (skipBad) {
                keep = new ArrayList<>();
                for (LayoutEntry le : e.getValue()) {
                    try {
                        decode(le, ix, o);
                        keep.add(le);
                    } catch (DataFormatException ex) {
                        problems.add(ex.getMessage());
                    }
                }
            }
            if (keep.isEmpty()) {
                throw new DataFormatException(root, "split '" + e.getKey() + "' of the " + id() + " layout is empty"
                        + (problems.isEmpty() ? "" : " after skipping " + problems.count() + " bad sample(s)"));
            }
            splits.put(e.getKey(), keep);
        }
        if (skipBad && !problems.isEmpty()) {
            System.err.println(id() + ": skipped " + problems.count() + " bad sample(s); first: " + problems.problems().get(0));
        }
        return new DatasetSplits(id(), dataset(splits.get("train"), ix, o), dataset(splits.get("validation"), ix, o),
                dataset(splits.get("test"), ix, o));
    }

    private DatasetSplits loadPrepared(Path root, Map<String, Object> raw, ProviderOptions o) throws IOException {
        CacheManifest m = CacheManifest.read(root);
        Object recorded = m.recipe() == null ? null : m.recipe().get("options");
        Map<?, ?> prepared = recorded instanceof Map<?, ?> map ? map : Map.of();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            String k = e.getKey();
            if (k.equals("root") || k.equals("verify")) {
                continue;
            }
            Object was = prepared.get(k);
            if (was == null || !String.valueOf(was).equals(String.valueOf(e.getValue()))) {
                throw new DataFormatException(root.resolve(CacheManifest.FILE_NAME), "prepared with " + id() + " options " + prepared
                        + ", but the run asks " + k + "=" + e.getValue() + " (prepare it again, or drop the option)");
            }
        }
        return PreparedCache.load(root, id(), o.bool("verify", true), "bss data prepare layout --layout " + id() + " SRC " + root);
    }

    private MultimodalDataset dataset(List<LayoutEntry> entries, Index ix, ProviderOptions o) {
        if (entries == null) {
            return null;
        }
        return new MultimodalDataset() {
            @Override
            public List<ModalitySpec> modalities() {
                return ix.modalities();
            }

            @Override
            public List<String> classNames() {
                return ix.classNames();
            }

            @Override
            public int size() {
                return entries.size();
            }

            @Override
            public MultimodalSample get(int index) {
                LayoutEntry e = entries.get(index);
                Map<String, String> meta = new LinkedHashMap<>(e.extra());
                meta.put("source", e.where());
                return new MultimodalSample(e.id(), e.label(), decode(e, ix, o), meta);
            }
        };
    }

    // ---- helpers shared by the layouts ----

    /**
     * The image files of a frame folder: sorted by name by default; with {@code listingOrder} in the
     * order the file system lists them (the reference code's unsorted {@code os.listdir}).
     */
    protected static List<Path> frameFiles(Path dir, boolean listingOrder) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = new ArrayList<>(s.filter(Files::isRegularFile).toList());
            if (!listingOrder) {
                files.sort(java.util.Comparator.comparing(p -> p.getFileName().toString()));
            }
            return files;
        }
    }

    /** {@code frame-order} option: {@code sorted} (default, fixed) or {@code listing} (reference quirk). */
    protected static boolean listingOrder(ProviderOptions o, String layout) {
        String v = o.string("frame-order", "sorted");
        if (!v.equals("sorted") && !v.equals("listing")) {
            throw new IllegalArgumentException("dataset '" + layout + "': frame-order must be sorted or listing, got '" + v + "'");
        }
        return v.equals("listing");
    }

    /** {@code pad-mode} option for the STFT: {@code reflect} (default, librosa &lt; 0.10) or {@code constant}. */
    protected static Stft.PadMode padMode(ProviderOptions o, String layout) {
        String v = o.string("pad-mode", "reflect").toUpperCase(Locale.ROOT);
        try {
            return Stft.PadMode.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dataset '" + layout + "': pad-mode must be reflect or constant, got '" + v + "'");
        }
    }

    /**
     * The reference audio recipe: load at {@code rate} (resampled), repeat ({@code times} copies, or as
     * many as needed when {@code times <= 0}), keep the first {@code length} samples, clip to [-1, 1],
     * then {@code log(|STFT| + 1e-7)} with n_fft 512, hop 353.
     */
    protected static float[] paperSpectrogram(Path wav, int rate, int times, int length, Stft.PadMode pad) {
        WavFile.Audio a;
        try {
            a = WavFile.read(wav);
        } catch (IOException e) {
            throw new DataFormatException(wav, "unreadable WAV (" + e.getMessage() + ")", e);
        }
        float[] x = Resampler.resample(a.samples(), a.sampleRate(), rate);
        if (x.length == 0) {
            throw new DataFormatException(wav, "WAV holds no samples");
        }
        int t = times > 0 ? times : (int) Math.min(Integer.MAX_VALUE, (length + (long) x.length - 1) / x.length);
        return AudioFeatures.LogStft.paper(rate, pad).compute(Signals.tileAndCut(x, t, length));
    }

    protected static int[] paperSpectrogramShape(int rate, int length, Stft.PadMode pad) {
        return AudioFeatures.LogStft.paper(rate, pad).shape(length);
    }

    protected static int positive(ProviderOptions o, String key, int fallback, String layout) {
        int v = o.integer(key, fallback);
        if (v <= 0) {
            throw new IllegalArgumentException("dataset '" + layout + "': " + key + " must be positive, got " + v);
        }
        return v;
    }
}
