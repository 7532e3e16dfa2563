package dev.bss.data.layouts;

import dev.bss.data.DataFormatException;
import dev.bss.data.ProviderOptions;
import dev.bss.data.io.CacheManifest;
import dev.bss.data.io.NpmPackages;
import dev.bss.data.io.PreparedCache;
import dev.bss.core.io.Sha256;
import dev.bss.data.io.SplitFile;
import dev.bss.engine.data.ModalitySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a folder in one of the paper's layouts into a prepared cache ({@code bss-cache/1}: {@code manifest.json} plus
 * {@code <split>.bin} per split), so that training reads fixed-size records instead of decoding WAVs and frames every
 * epoch. {@link #prepare} does it in this process ({@code bss data prepare layout}); {@code bss spark prepare} decodes
 * the samples on a cluster and hands them to the same {@link #write}, so both give byte-identical folders.
 *
 * <p>What the bytes depend on: the layout id, its options ({@code root} excluded) and the decoded samples. The manifest
 * records {@code recipe = {layout, options}}, the SHA-256 of every split file, each sample's id, label and metadata
 * (the layout's extra fields plus {@code source} = annotation file and line, as the in-memory loader reports them),
 * and {@code info.source} = the absolute source folder. Nothing time- or machine-dependent is written.
 *
 * <p>Bad input: any problem {@code bss data check} reports (index or decode) fails the prepare, naming the first
 * problems, and leaves no output ({@code skip-bad} is refused: a cache holds the whole layout).
 */
public final class LayoutCache {

    /** Problems quoted in the error message of a failed prepare. */
    public static final int QUOTED_PROBLEMS = 5;

    private LayoutCache() {
    }

    /**
     * An indexed, checked layout: everything a prepare writes except the decoded samples.
     *
     * @param layout the layout id
     * @param root the source folder (absolute)
     * @param options the layout options without {@code root}, sorted by key
     * @param index the layout's index: class names (index = label), modalities (the record layout of the split files),
     *     split name → entries in file order
     */
    public record Plan(String layout, Path root, Map<String, Object> options, PaperLayout.Index index) {

        public List<String> classNames() {
            return index.classNames();
        }

        public List<ModalitySpec> modalities() {
            return index.modalities();
        }

        public Map<String, List<LayoutEntry>> splits() {
            return index.splits();
        }

        /** The validated provider options (with {@code root}) the layout decodes with. */
        public ProviderOptions providerOptions() {
            Map<String, Object> raw = new LinkedHashMap<>(options);
            raw.put("root", root.toString());
            return LayoutCheck.layout(layout).options(raw);
        }

        /** The recipe recorded in the manifest. */
        public Map<String, Object> recipe() {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("layout", layout);
            r.put("options", new TreeMap<>(options));
            return r;
        }
    }

    /** One decoded sample, as written to its split file. */
    public record Decoded(int label, float[][] values) {
    }

    /**
     * Indexes {@code root} as {@code layout}.
     *
     * @throws DataFormatException naming the first problems when the annotations, a file or a label is bad
     * @throws IllegalArgumentException for an unknown layout or option, or {@code skip-bad}
     */
    public static Plan plan(String layout, Path root, Map<String, Object> options) throws IOException {
        if (options.containsKey("skip-bad")) {
            throw new IllegalArgumentException("prepare " + layout + ": skip-bad is not allowed; a prepared cache holds every sample "
                    + "(fix or remove the bad ones; bss data check " + root + " --layout " + layout + " lists them)");
        }
        PaperLayout l = LayoutCheck.layout(layout);
        Path abs = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new IllegalArgumentException("prepare " + layout + ": " + root + " is not a folder");
        }
        Map<String, Object> rest = new TreeMap<>(options);
        rest.remove("root");
        Map<String, Object> raw = new LinkedHashMap<>(rest);
        raw.put("root", abs.toString());
        ProviderOptions o = l.options(raw);
        Problems p = new Problems();
        PaperLayout.Index ix = l.index(abs, o, p);
        fail(layout, abs, p.problems());
        for (Map.Entry<String, List<LayoutEntry>> e : ix.splits().entrySet()) {
            if (e.getValue().isEmpty()) {
                fail(layout, abs, List.of(abs + ": split '" + e.getKey() + "' has no usable sample"));
            }
        }
        return new Plan(layout, abs, rest, ix);
    }

    /** Decodes one entry; a {@link DataFormatException} becomes {@link #decodeProblem}. */
    public static Decoded decode(PaperLayout layout, PaperLayout.Index index, ProviderOptions options, LayoutEntry e) {
        return new Decoded(e.label(), layout.decode(e, index, options));
    }

    /** The problem line {@code bss data check} prints for an entry that does not decode. */
    public static String decodeProblem(LayoutEntry e, RuntimeException ex) {
        return e.where() + ": " + ex.getMessage();
    }

    /**
     * Throws a {@link DataFormatException} naming the first {@value #QUOTED_PROBLEMS} problems, if there are any.
     */
    public static void fail(String layout, Path root, List<String> problems) {
        if (!problems.isEmpty()) {
            fail(layout, root, problems.subList(0, Math.min(QUOTED_PROBLEMS, problems.size())), problems.size());
        }
    }

    /** Throws the {@link DataFormatException} of {@code total} problems, quoting {@code first}. */
    public static void fail(String layout, Path root, List<String> first, long total) {
        throw new DataFormatException(root, total + " problem(s) in the " + layout + " layout, nothing written; first: "
                + String.join("; ", first) + " (all: bss data check " + root + " --layout " + layout + ")");
    }

    /**
     * The single-machine prepare: indexes, decodes every sample in file order and writes the cache to {@code target}
     * (replacing an older one only when everything decoded).
     *
     * @return the manifest written
     */
    public static CacheManifest prepare(String layout, Path source, Path target, Map<String, Object> options) throws IOException {
        Plan plan = plan(layout, source, options);
        PaperLayout l = LayoutCheck.layout(layout);
        ProviderOptions o = plan.providerOptions();
        PaperLayout.Index ix = plan.index();
        // check first (what bss data check does), so that a bad layout leaves nothing behind; this decodes every sample
        // twice, the price of a single-machine prepare that never writes a partial cache (bss spark prepare keeps the
        // decoded samples between its check and its write)
        List<String> problems = new ArrayList<>();
        for (List<LayoutEntry> entries : plan.splits().values()) {
            for (LayoutEntry e : entries) {
                try {
                    l.decode(e, ix, o);
                } catch (DataFormatException ex) {
                    problems.add(decodeProblem(e, ex));
                }
            }
        }
        fail(layout, plan.root(), problems);
        return write(plan, target, split -> plan.splits().get(split).stream().map(e -> decode(l, ix, o, e)).iterator());
    }

    /** The decoded samples of a split, in entry order. */
    @FunctionalInterface
    public interface Source {
        Iterator<Decoded> samples(String split) throws IOException;
    }

    /**
     * Writes the cache of {@code plan} to {@code target}: into a temporary sibling first, renamed into place at the end
     * (see {@link PreparedCache#commit}). {@code source} must yield each split's samples in entry order.
     *
     * @return the manifest written
     */
    public static CacheManifest write(Plan plan, Path target, Source source) throws IOException {
        Path tmp = PreparedCache.temporaryFor(target);
        boolean done = false;
        try {
            Map<String, String> files = new TreeMap<>();
            Map<String, CacheManifest.SplitEntry> splits = new LinkedHashMap<>();
            for (Map.Entry<String, List<LayoutEntry>> s : plan.splits().entrySet()) {
                String name = s.getKey();
                List<LayoutEntry> entries = s.getValue();
                String file = name + ".bin";
                try (SplitFile.Writer w = SplitFile.create(tmp.resolve(file), name, plan.modalities(), plan.classNames(), entries.size())) {
                    Iterator<Decoded> it = source.samples(name);
                    for (LayoutEntry e : entries) {
                        if (!it.hasNext()) {
                            throw new IOException("prepare " + plan.layout() + ": split '" + name + "' ended before sample " + e.id());
                        }
                        Decoded d = it.next();
                        if (d.label() != e.label()) {
                            throw new IOException("prepare " + plan.layout() + ": sample " + e.id() + " came with label " + d.label()
                                    + ", expected " + e.label() + " (samples out of order)");
                        }
                        w.write(d.label(), d.values());
                    }
                }
                files.put(file, Sha256.of(tmp.resolve(file)));
                List<CacheManifest.SampleEntry> samples = new ArrayList<>(entries.size());
                for (LayoutEntry e : entries) {
                    samples.add(new CacheManifest.SampleEntry(e.id(), e.label(), metadata(e)));
                }
                splits.put(name, new CacheManifest.SplitEntry(file, entries.size(), samples));
            }
            Map<String, Object> recipe = plan.recipe();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("source", plan.root().toString());
            CacheManifest m = new CacheManifest(CacheManifest.FORMAT, plan.layout(), recipe, CacheManifest.hashRecipe(recipe), files,
                    splits, info);
            m.write(tmp);
            PreparedCache.commit(tmp, target);
            done = true;
            return m;
        } finally {
            if (!done) {
                NpmPackages.deleteTree(tmp);
            }
        }
    }

    /** A sample's metadata as the in-memory loader reports it: the layout's extra fields plus {@code source}. */
    public static Map<String, String> metadata(LayoutEntry e) {
        Map<String, String> meta = new TreeMap<>(e.extra());
        meta.put("source", e.where());
        return meta;
    }
}
