package dev.bss.spark.prepare;

import dev.bss.data.DataFormatException;
import dev.bss.data.ProviderOptions;
import dev.bss.data.io.CacheManifest;
import dev.bss.data.io.SplitFile;
import dev.bss.data.layouts.LayoutCache;
import dev.bss.data.layouts.LayoutCheck;
import dev.bss.data.layouts.LayoutEntry;
import dev.bss.data.layouts.PaperLayout;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code bss spark prepare}: a folder in one of the paper's audio-visual layouts (CREMA-D, Kinetics-Sounds, VGGSound) →
 * a prepared cache, with the decoding (WAV → resampled, tiled log-STFT; frames → resized, normalised) spread over the
 * cluster, one task per group of samples. The driver indexes the layout ({@link LayoutCache#plan}: annotation, file and
 * label problems fail the job at once); the executors decode every sample and the decoded samples are kept
 * ({@link StorageLevel#MEMORY_AND_DISK_SER()}) while the driver counts the samples that failed to decode: any failure
 * fails the job, naming the first bad files, before anything is written. Then the driver streams the samples back one
 * partition at a time, in entry order, into {@link LayoutCache#write}, the writer of the single-machine
 * {@code bss data prepare layout}: the same split files, manifest and checksums, byte for byte.
 *
 * <p>Sizes: partitions hold about {@link #PARTITION_BYTES} of decoded records (at least the session's default
 * parallelism of them), which bounds what the driver holds at once. Paths: executors read the source files at the
 * paths the driver indexed (a shared file system); only the driver writes {@code DST}.
 */
public final class DistributedPrepare {

    /** Target decoded bytes per partition. */
    public static final long PARTITION_BYTES = 64L << 20;
    /** The layouts whose decoding needs nothing but the entry (no layout-wide state such as a vocabulary). */
    public static final List<String> LAYOUTS = List.of("crema-d", "kinetics-sounds", "vggsound");

    private DistributedPrepare() {
    }

    /** One sample as the executors see it: a {@link LayoutEntry} in serializable form, with its split. */
    record Ref(String split, String id, int label, String source, int line, Map<String, String> files, List<String> frames, String text,
            Map<String, String> extra) implements Serializable {
        private static final long serialVersionUID = 1L;

        static Ref of(LayoutEntry e) {
            Map<String, String> files = new LinkedHashMap<>();
            e.files().forEach((k, v) -> files.put(k, v.toString()));
            return new Ref(e.split(), e.id(), e.label(), e.source().toString(), e.line(), files,
                    e.frames().stream().map(Path::toString).toList(), e.text(), new LinkedHashMap<>(e.extra()));
        }

        LayoutEntry entry() {
            Map<String, Path> f = new LinkedHashMap<>();
            files.forEach((k, v) -> f.put(k, Path.of(v)));
            return new LayoutEntry(split, id, label, Path.of(source), line, f, frames.stream().map(Path::of).toList(), text, extra);
        }
    }

    /** A decoded sample, or the problem that kept it from decoding. */
    record Outcome(String split, int label, float[][] values, String problem) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Prepares {@code source} into {@code target}.
     *
     * @param options layout options ({@code image-size}, ...)
     * @return the manifest written
     * @throws DataFormatException naming the first problems when the layout does not pass {@code bss data check}
     * @throws IllegalArgumentException for a layout other than {@link #LAYOUTS}, or a bad option
     */
    public static CacheManifest prepare(SparkSession spark, String layout, Path source, Path target, Map<String, Object> options)
            throws IOException {
        if (!LAYOUTS.contains(layout)) {
            throw new IllegalArgumentException("bss spark prepare reads the layouts " + LAYOUTS + ", not '" + layout + "' (use bss data "
                    + "prepare layout for it)");
        }
        LayoutCache.Plan plan = LayoutCache.plan(layout, source, options);
        List<Ref> refs = new ArrayList<>();
        for (List<LayoutEntry> entries : plan.splits().values()) {
            for (LayoutEntry e : entries) {
                refs.add(Ref.of(e));
            }
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        long recordBytes = SplitFile.recordBytes(plan.modalities());
        int partitions = (int) Math.max(jsc.defaultParallelism(), Math.min(refs.size(), (refs.size() * recordBytes + PARTITION_BYTES - 1)
                / PARTITION_BYTES));
        partitions = Math.max(1, Math.min(partitions, refs.size()));
        Map<String, Object> raw = new LinkedHashMap<>(plan.options());
        raw.put("root", plan.root().toString());
        JavaRDD<Outcome> decoded = jsc.parallelize(refs, partitions).mapPartitions(rs -> decode(layout, raw, rs))
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        try {
            JavaRDD<String> problems = decoded.filter(o -> o.problem() != null).map(Outcome::problem);
            long bad = problems.count();
            if (bad > 0) {
                List<String> first = problems.take(LayoutCache.QUOTED_PROBLEMS);
                LayoutCache.fail(layout, plan.root(), first, bad);
            }
            Iterator<Outcome> all = decoded.toLocalIterator();
            return LayoutCache.write(plan, target, split -> new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return all.hasNext();
                }

                @Override
                public LayoutCache.Decoded next() {
                    if (!all.hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Outcome o = all.next();
                    if (!o.split().equals(split)) {
                        throw new IllegalStateException("prepare: a sample of split '" + o.split() + "' where '" + split + "' was expected");
                    }
                    return new LayoutCache.Decoded(o.label(), o.values());
                }
            });
        } finally {
            decoded.unpersist(false);
        }
    }

    /** Decodes a partition's samples on an executor, in order. */
    static Iterator<Outcome> decode(String layout, Map<String, Object> rawOptions, Iterator<Ref> refs) {
        PaperLayout l = LayoutCheck.layout(layout);
        ProviderOptions o = l.options(rawOptions);
        PaperLayout.Index none = new PaperLayout.Index(List.of(), List.of(), Map.of(), null); // these layouts decode from the entry alone
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return refs.hasNext();
            }

            @Override
            public Outcome next() {
                Ref ref = refs.next();
                LayoutEntry e = ref.entry();
                try {
                    LayoutCache.Decoded d = LayoutCache.decode(l, none, o, e);
                    return new Outcome(ref.split(), d.label(), d.values(), null);
                } catch (DataFormatException ex) {
                    return new Outcome(ref.split(), e.label(), null, LayoutCache.decodeProblem(e, ex));
                }
            }
        };
    }
}
