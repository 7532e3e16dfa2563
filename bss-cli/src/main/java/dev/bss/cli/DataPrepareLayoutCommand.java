package dev.bss.cli;

import dev.bss.data.io.CacheManifest;
import dev.bss.data.layouts.LayoutCache;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bss data prepare layout}: a paper-layout folder → a prepared cache, in this process. */
@Command(name = "layout", mixinStandardHelpOptions = true,
        description = {"Decode a dataset folder in one of the paper's layouts into a prepared cache.",
                "The cache (manifest.json + one <split>.bin per split) loads with dataset-options {root: DST}. A layout that "
                        + "fails 'bss data check' fails before anything is written. 'bss spark prepare' does the same on a "
                        + "cluster and writes byte-identical folders."})
public final class DataPrepareLayoutCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SRC", description = "The dataset folder in the paper's layout.")
    Path source;

    @Parameters(index = "1", paramLabel = "DST", description = "The prepared folder to write (replaced when it exists).")
    Path target;

    @Option(names = "--layout", required = true, description = "crema-d, kinetics-sounds, vggsound, twitter2015, sarcasm or nvgesture.")
    String layout;

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "Layout option (e.g. image-size=32); repeatable.")
    Map<String, String> options = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        CacheManifest m = LayoutCache.prepare(layout, source, target, new LinkedHashMap<>(options));
        StringBuilder counts = new StringBuilder();
        m.splits().forEach((k, v) -> counts.append(counts.length() == 0 ? "" : ", ").append(k).append(' ').append(v.count()));
        System.out.printf(java.util.Locale.ROOT, "%s prepared at %s: %s, %.1f s%n", layout, target, counts, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
